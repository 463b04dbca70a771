using System.Globalization;

namespace SensorStack.BudgetReport.Measuring;

/// <summary>How a component's process ended up: OOM kills counted by its cgroup, and its exit code
/// when it stopped before the run ended (null while it was still running).</summary>
internal sealed record ProcessOutcome(int OomKills, string? ExitCode);

/// <summary>A period of the run in seconds since the start of sampling (load bursts, for the chart).</summary>
internal sealed record Phase(double Start, double End, string Label);

/// <summary>What the script recorded about the run (run.env): where, when, how it measured.</summary>
internal sealed record RunRecord(
    string Date,
    string Machine,
    string Command,
    string Commit,
    double LoadSeconds,
    string Mode,
    string ModeNote,
    string VictoriaMetricsVersion,
    string PrometheusVersion,
    long TargetBytes,
    IReadOnlyDictionary<string, ProcessOutcome> Outcomes,
    IReadOnlyList<Phase> Phases,
    string VmAlertVersion = "unknown",
    double AutopilotIntervalSeconds = 0,
    double AutopilotTimeScale = 0)
{
    public bool UsesCgroups => Mode.StartsWith("cgroup", StringComparison.Ordinal);

    public static RunRecord From(IReadOnlyDictionary<string, string> values, string phasesCsv)
    {
        string Get(string key) => values.TryGetValue(key, out var value) ? value : throw new FormatException($"run record has no {key}");
        ProcessOutcome Outcome(string prefix) => new(
            int.Parse(values.GetValueOrDefault($"{prefix}_OOM_KILLS", "0"), CultureInfo.InvariantCulture),
            values.GetValueOrDefault($"{prefix}_EXIT") is { Length: > 0 } code ? code : null);

        var phases = phasesCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("start,", StringComparison.Ordinal))
            .Select(l => l.Split(',', 3))
            .Where(p => p.Length == 3)
            .Select(p => new Phase(
                double.Parse(p[0], CultureInfo.InvariantCulture),
                double.Parse(p[1], CultureInfo.InvariantCulture),
                p[2]))
            .ToList();
        return new RunRecord(
            Get("DATE"),
            Get("MACHINE"),
            Get("COMMAND"),
            values.GetValueOrDefault("COMMIT", "unknown"),
            double.Parse(Get("LOAD_SECONDS"), CultureInfo.InvariantCulture),
            Get("MODE"),
            values.GetValueOrDefault("MODE_NOTE", ""),
            values.GetValueOrDefault("VM_VERSION", "unknown"),
            values.GetValueOrDefault("PROMETHEUS_VERSION", "unknown"),
            long.Parse(Get("TARGET_BYTES"), CultureInfo.InvariantCulture),
            new Dictionary<string, ProcessOutcome>
            {
                ["sensor"] = Outcome("SENSOR"),
                ["victoria-metrics"] = Outcome("VM"),
                ["prometheus"] = Outcome("PROMETHEUS"),
                ["vmalert"] = Outcome("VMALERT"),
            },
            phases,
            values.GetValueOrDefault("VMALERT_VERSION", "unknown"),
            double.Parse(values.GetValueOrDefault("AUTOPILOT_INTERVAL_SECONDS", "0"), CultureInfo.InvariantCulture),
            double.Parse(values.GetValueOrDefault("AUTOPILOT_TIME_SCALE", "0"), CultureInfo.InvariantCulture));
    }
}
