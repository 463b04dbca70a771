using System.CommandLine;
using SensorOperator.Cli;

var root = new RootCommand("sensor-operator: keeps a SensorStack (sensor, VictoriaMetrics, Grafana) inside its memory budget.");
root.Subcommands.Add(WaitCommand.Create());
root.Subcommands.Add(RenderCommand.Create());
root.Subcommands.Add(RunCommand.Create());
return await root.Parse(args).InvokeAsync();
