namespace SensorOperator.Planning.Autopilot;

/// <summary>Folds one observation into a component's history. Pure.</summary>
public static class HistoryFolding
{
    /// <summary>How many peak intervals make up the shrinkAfter window (6h → 1h intervals).</summary>
    public const int IntervalsPerWindow = 6;

    /// <summary>The length of one peak interval for these settings.</summary>
    public static TimeSpan IntervalLength(AutopilotSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.ShrinkAfter / IntervalsPerWindow;
    }

    public static ComponentHistory Fold(ComponentHistory history, ComponentSample sample, DateTimeOffset now, AutopilotSettings settings)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(settings);
        throw new NotImplementedException("lands with the decision logic");
    }
}
