namespace SensorOperator.Planning.Autopilot;

/// <summary>
/// The peaks that still hold a limit up: those of the last shrinkAfter. This is where the autopilot
/// departs from VPA's decaying histogram (vertical-pod-autoscaler/pkg/recommender/util/decaying_histogram.go,
/// a 24h half-life, and the 90th percentile of the per-interval peaks as the memory target in
/// pkg/recommender/logic/recommender.go): a memory limit is a wall, not a request, and the window of a
/// small stack holds seven interval peaks, so the percentile of so few would sit one sample below the
/// maximum. The maximum of the window is used instead, and a peak stops counting once it is older
/// than shrinkAfter (a step decay), which is what lets a limit shrink.
/// </summary>
public static class PeakWindow
{
    /// <summary>True when <paramref name="peak"/>'s interval still has samples younger than shrinkAfter.</summary>
    public static bool Holds(IntervalPeak peak, DateTimeOffset now, AutopilotSettings settings)
    {
        ArgumentNullException.ThrowIfNull(peak);
        ArgumentNullException.ThrowIfNull(settings);
        return peak.Start + HistoryFolding.IntervalLength(settings) > now - settings.ShrinkAfter;
    }

    /// <summary>The highest interval peak that still holds; null without any.</summary>
    public static IntervalPeak? Highest(ComponentHistory history, DateTimeOffset now, AutopilotSettings settings)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.Peaks.Where(p => Holds(p, now, settings)).MaxBy(p => p.Bytes);
    }

    /// <summary>The highest kept peak, for status (the history keeps only the window's intervals).</summary>
    public static IntervalPeak? Highest(ComponentHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.Peaks.MaxBy(p => p.Bytes);
    }

    /// <summary>
    /// True when every interval of the last shrinkAfter has a peak and (with
    /// <paramref name="fullWindow"/>) the history is at least that old: only then does the window's
    /// maximum speak for the whole window. Without <paramref name="fullWindow"/> only the intervals
    /// since the first observation must all have a peak. A gap (metrics unavailable) keeps the limit
    /// where it is until the window has been seen whole again.
    /// </summary>
    public static bool Covers(ComponentHistory history, DateTimeOffset now, AutopilotSettings settings, bool fullWindow = true)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(settings);
        if (history.HistorySince is not { } since || (fullWindow && since > now - settings.ShrinkAfter))
        {
            return false;
        }

        var interval = HistoryFolding.IntervalLength(settings);
        var first = HistoryFolding.IntervalStart(since, interval);
        var starts = history.Peaks.Select(p => p.Start).ToHashSet();
        for (var start = HistoryFolding.IntervalStart(now, interval); start >= first && start + interval > now - settings.ShrinkAfter; start -= interval)
        {
            if (!starts.Contains(start))
            {
                return false;
            }
        }

        return true;
    }
}
