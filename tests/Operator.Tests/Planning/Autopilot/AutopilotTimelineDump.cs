using SensorOperator.Api;

namespace SensorOperator.Tests.Planning.Autopilot;

/// <summary>A scenario's steps as text, for failure messages.</summary>
internal static class AutopilotTimelineDump
{
    public static string Of(AutopilotSimulation sim) => string.Join("\n", sim.Steps.Select(s =>
        $"{s.At:d\\.hh\\:mm} {s.Step.Reason,-14} {(s.Step.Restarts ? "restart " : "")}{s.Step.Message} (Σ {Quantities.Format((long)s.TotalAfter)})"))
        + "\nkills: " + string.Join(", ", sim.OomKills.Select(k => $"{k.At:d\\.hh\\:mm} {k.Name}@{Quantities.Format(k.Limit)}"));
}
