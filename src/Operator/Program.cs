using System.CommandLine;

var root = new RootCommand("sensor-operator: keeps a SensorStack (sensor, VictoriaMetrics, Grafana) inside its memory budget.");
return await root.Parse(args).InvokeAsync();
