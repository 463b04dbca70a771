namespace SensorOperator.Planning.Autopilot;

/// <summary>The peaks that still hold a limit up: those of the last shrinkAfter.</summary>
public static class PeakWindow
{
    /// <summary>The highest interval peak kept (the history keeps only the window's intervals); null without any.</summary>
    public static IntervalPeak? Highest(ComponentHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.Peaks.Count == 0 ? null : history.Peaks.MaxBy(p => p.Bytes);
    }
}
