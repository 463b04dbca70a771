namespace SensorService.Cpu;

/// <summary>
/// Turns a series of CPU samples into spikes. Each sample covers an interval [start, end] of a
/// monotonic clock and the CPU fraction used in it. A spike is a run of consecutive intervals
/// strictly above the threshold; its duration runs from the start of the first interval to the
/// end of the last, so one sample interval above the threshold is a spike of one interval. Pure.
/// </summary>
public sealed class SpikeDetector(double threshold)
{
    private TimeSpan? openedAt;
    private TimeSpan lastAboveEnd;

    public double Threshold { get; } = threshold;

    public bool InSpike => openedAt is not null;

    /// <summary>Feeds one sample; returns the duration of a spike that this sample ended, if any.</summary>
    public TimeSpan? Observe(TimeSpan start, TimeSpan end, double fraction)
    {
        TimeSpan? ended = null;

        // A gap (samples missed because usage could not be read) ends a spike: nothing is known
        // about the time in between, so it is not counted as spike time.
        if (openedAt is not null && start > lastAboveEnd)
        {
            ended = Close();
        }

        if (fraction > Threshold)
        {
            openedAt ??= start;
            lastAboveEnd = end;
            return ended;
        }

        return openedAt is not null ? Close() : ended;
    }

    /// <summary>Ends a spike still open (at shutdown); returns its duration so far.</summary>
    public TimeSpan? Close()
    {
        if (openedAt is not { } opened)
        {
            return null;
        }

        openedAt = null;
        return lastAboveEnd - opened;
    }
}
