namespace SensorOperator.Planning.Autopilot;

/// <summary>What a decision adds to a component's history: the change and why, answered OOM kills, corrections and back-off.</summary>
internal static class HistoryUpdate
{
    /// <summary>The longest back-off after reverts: a day, one daily cycle.</summary>
    public static readonly TimeSpan MaximumBackoff = TimeSpan.FromHours(24);

    public static ComponentHistory After(Move move, DecisionContext context, string? stepMessage)
    {
        var history = move.Component.History;
        var now = context.Now;
        var kills = move.AnswersOom ? [.. history.OomKills.Select(k => k with { Answered = true })] : history.OomKills;
        var corrected = move.Changes && (move.Urgency == Urgency.Oom || move.IsRevert);
        var corrections = history.Corrections.Where(t => t > now - HistoryFolding.CorrectionMemory).ToList();
        if (corrected)
        {
            corrections.Add(now);
        }

        var updated = history with { OomKills = kills, Corrections = corrections, Need = move.Need.Bytes };
        if (move.Changes && move.IsRevert)
        {
            var level = history.BackoffLevel + 1;
            updated = updated with { BackoffLevel = level, BackoffUntil = now + Backoff(context.Settings.Cooldown, level) };
        }

        // A pending change keeps its record (and its time, so the cooldown does not restart).
        if (move.Changes && move.Urgency != Urgency.Pending)
        {
            updated = updated with
            {
                LastResize = new ResizeRecord(now, move.From, move.To, move.Reason ?? ResizeReasons.Rebalanced, stepMessage ?? ""),
                RestartsSinceResize = 0,
                NeedAtResize = move.Need.Bytes,
            };
        }

        return updated;
    }

    /// <summary>cooldown x 2^level, at most a day: 1h, 2h, 4h ... after the reverts of a 30m cooldown.</summary>
    public static TimeSpan Backoff(TimeSpan cooldown, int level)
    {
        var factor = Math.Pow(2, Math.Min(level, 20));
        var ticks = Math.Min(cooldown.Ticks * factor, MaximumBackoff.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
