using System.Globalization;

namespace SensorStack.BudgetReport.Reporting;

/// <summary>How numbers read in the report: memory in MiB with one decimal, counts without noise.</summary>
internal static class Units
{
    public const double BytesPerMiB = 1024 * 1024;

    public static string MiB(long bytes) => (bytes / BytesPerMiB).ToString("0.0", CultureInfo.InvariantCulture);

    public static string Value(double? value) => value switch
    {
        null => "none",
        { } v when double.IsNaN(v) => "NaN",
        { } v when v == Math.Floor(v) && Math.Abs(v) < 1e15 => v.ToString("0", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.###", CultureInfo.InvariantCulture),
    };

    public static string Percent(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    public static string Title(string component) => component switch
    {
        "sensor" => "Sensor",
        "victoria-metrics" => "VictoriaMetrics",
        "prometheus" => "Prometheus",
        "grafana" => "Grafana",
        _ => component,
    };
}
