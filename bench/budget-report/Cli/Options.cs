using System.CommandLine;
using SensorStack.BudgetReport.Planning;

namespace SensorStack.BudgetReport.Cli;

/// <summary>Options the two commands share.</summary>
internal static class Options
{
    public static Option<T> Required<T>(string name, string description) => new(name) { Description = description, Required = true };

    /// <summary>A required path that must name an existing file (checked at parse time, so nothing runs on a typo).</summary>
    public static Option<string> File(string name, string description)
    {
        var option = Required<string>(name, description);
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } path && !System.IO.File.Exists(path))
            {
                result.AddError($"{name}: no file {path}");
            }
        });
        return option;
    }

    public static PortOptions Ports() => new(
        Port("--sensor-http-port", "The sensor's API port"),
        Port("--sensor-metrics-port", "The sensor's /metrics port"),
        Port("--vm-port", "VictoriaMetrics' HTTP port"),
        Port("--prometheus-port", "The Prometheus baseline's HTTP port"),
        Port("--vmalert-port", "vmalert's HTTP port (used when the sample enables alerting)"));

    private static Option<int> Port(string name, string description)
    {
        var option = Required<int>(name, $"{description} on 127.0.0.1.");
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 65535)
            {
                result.AddError($"{name} must be 1-65535");
            }
        });
        return option;
    }
}

internal sealed record PortOptions(Option<int> SensorHttp, Option<int> SensorMetrics, Option<int> VictoriaMetrics, Option<int> Prometheus, Option<int> VmAlert)
{
    public LocalPorts From(ParseResult parse) => new(
        parse.GetRequiredValue(SensorHttp),
        parse.GetRequiredValue(SensorMetrics),
        parse.GetRequiredValue(VictoriaMetrics),
        parse.GetRequiredValue(Prometheus),
        parse.GetRequiredValue(VmAlert));
}
