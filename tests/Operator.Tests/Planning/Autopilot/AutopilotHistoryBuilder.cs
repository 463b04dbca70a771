using SensorOperator.Planning.Autopilot;

namespace SensorOperator.Tests.Planning.Autopilot;

/// <summary>Histories built by folding samples, for tests of single decisions.</summary>
internal static class AutopilotHistoryBuilder
{
    /// <summary>A working set of <paramref name="workingSet"/> every 5 minutes for <paramref name="span"/> up to <paramref name="now"/>.</summary>
    public static ComponentHistory Observed(long workingSet, long limit, TimeSpan span, DateTimeOffset now, AutopilotSettings? settings = null)
    {
        var history = ComponentHistory.Empty;
        for (var t = now - span; t <= now; t += TimeSpan.FromMinutes(5))
        {
            history = HistoryFolding.Fold(history, new ComponentSample(workingSet, limit, 0, 0), t, settings ?? AutopilotSettings.EnabledDefaults);
        }

        return history;
    }
}
