namespace SensorOperator.Planning.Autopilot;

/// <summary>
/// Folds one observation into a component's history. Pure. Like VPA's ContainerState
/// (vertical-pod-autoscaler/pkg/recommender/model/container.go, addMemorySample) it keeps one memory
/// peak per aggregation interval rather than every sample; VPA's interval is 24h over 8 days, this
/// stack's is shrinkAfter / 6 (1h by default) over shrinkAfter, so the state fits in status.
/// </summary>
public static class HistoryFolding
{
    /// <summary>How many peak intervals make up the shrinkAfter window (6h → 1h intervals).</summary>
    public const int IntervalsPerWindow = 6;

    /// <summary>A working set at or above this share of the limit counts towards the near-limit streak.</summary>
    public const decimal NearLimitFraction = 0.95m;

    /// <summary>OOM kills are remembered a day (status.components[].oomKills24h).</summary>
    public static readonly TimeSpan OomMemory = TimeSpan.FromHours(24);

    /// <summary>Reverts and OOM bumps are counted over an hour for Degraded.</summary>
    public static readonly TimeSpan CorrectionMemory = TimeSpan.FromHours(1);

    /// <summary>After a day without a revert the back-off starts again from its first step.</summary>
    public static readonly TimeSpan BackoffMemory = TimeSpan.FromHours(24);

    /// <summary>The length of one peak interval for these settings.</summary>
    public static TimeSpan IntervalLength(AutopilotSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.ShrinkAfter / IntervalsPerWindow;
    }

    /// <summary>The start of the interval <paramref name="time"/> falls in (intervals are aligned to the Unix epoch, so a restart keeps them).</summary>
    public static DateTimeOffset IntervalStart(DateTimeOffset time, TimeSpan interval)
    {
        var sinceEpoch = time - DateTimeOffset.UnixEpoch;
        return DateTimeOffset.UnixEpoch + TimeSpan.FromTicks(sinceEpoch.Ticks / interval.Ticks * interval.Ticks);
    }

    public static ComponentHistory Fold(ComponentHistory history, ComponentSample sample, DateTimeOffset now, AutopilotSettings settings)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(settings);

        var peaks = history.Peaks.Where(p => PeakWindow.Holds(p, now, settings)).ToList();
        var streak = 0;
        if (sample.WorkingSet is { } workingSet)
        {
            var start = IntervalStart(now, IntervalLength(settings));
            var current = peaks.FindIndex(p => p.Start == start);
            if (current < 0)
            {
                peaks.Add(new IntervalPeak(start, workingSet, now));
            }
            else if (workingSet > peaks[current].Bytes)
            {
                peaks[current] = new IntervalPeak(start, workingSet, now);
            }

            streak = sample.LimitInForce > 0 && workingSet >= sample.LimitInForce * NearLimitFraction ? history.NearLimitStreak + 1 : 0;
        }

        var kills = history.OomKills.Where(k => k.At > now - OomMemory).ToList();
        for (var i = 0; i < sample.NewOomKills; i++)
        {
            kills.Add(new OomKill(now, sample.LimitInForce, Answered: false));
        }

        var backoffExpired = history.BackoffUntil is { } until && until + BackoffMemory <= now;
        return history with
        {
            Peaks = [.. peaks.OrderBy(p => p.Start)],
            HistorySince = history.HistorySince ?? (sample.WorkingSet is null ? null : now),
            LastObservedAt = now,
            LastWorkingSet = sample.WorkingSet,
            // "Twice in a row" means two observations that both had metrics: a gap breaks the streak.
            NearLimitStreak = streak,
            OomKills = kills,
            RestartsSinceResize = history.RestartsSinceResize + sample.NewRestarts,
            BackoffLevel = backoffExpired ? 0 : history.BackoffLevel,
            BackoffUntil = backoffExpired ? null : history.BackoffUntil,
            Corrections = [.. history.Corrections.Where(c => c > now - CorrectionMemory)],
        };
    }
}
