using SensorOperator.Api;

namespace SensorOperator.Planning.Autopilot;

/// <summary>
/// A component's <see cref="ComponentHistory"/> to and from status.components[]: what the user reads
/// (peak, peakAt, need, oomKills24h, lastResize) and the working state under autopilot. Times are
/// stored as UTC <see cref="DateTime"/>, the type metav1.Condition times use.
/// </summary>
public static class AutopilotStatusMapping
{
    /// <summary>The history kept in <paramref name="status"/>; empty when there is none (autopilot just enabled).</summary>
    public static ComponentHistory FromStatus(ComponentStatus? status)
    {
        if (status?.Autopilot is not { } state)
        {
            return ComponentHistory.Empty with { LastResize = ToRecord(status?.LastResize) };
        }

        return new ComponentHistory
        {
            Peaks = [.. (state.Peaks ?? []).Select(p => new IntervalPeak(Utc(p.Start), p.Bytes, Utc(p.At)))],
            HistorySince = Utc(state.HistorySince),
            LastObservedAt = Utc(state.LastObservedAt),
            LastWorkingSet = state.LastWorkingSet,
            NearLimitStreak = state.NearLimitStreak ?? 0,
            OomKills = [.. (state.OomKills ?? []).Select(k => new OomKill(Utc(k.At), k.Limit, k.Answered))],
            RestartsSinceResize = state.RestartsSinceResize ?? 0,
            LastResize = ToRecord(status.LastResize),
            BackoffLevel = state.BackoffLevel ?? 0,
            BackoffUntil = Utc(state.BackoffUntil),
            Corrections = [.. (state.Corrections ?? []).Select(Utc)],
            NeedAtResize = state.NeedAtResize,
            Need = status.Need is { } need && Quantities.TryParseBytes("need", need, out var bytes, out _) ? bytes : null,
        };
    }

    /// <summary>Writes <paramref name="history"/> into <paramref name="status"/> (the other fields are left as they are).</summary>
    public static void ToStatus(ComponentHistory history, ComponentStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(status);
        var peak = PeakWindow.Highest(history);
        status.Peak = peak is null ? null : Quantities.Format(peak.Bytes);
        status.PeakAt = peak?.At.UtcDateTime;
        status.Need = history.Need is { } need ? Quantities.Format(need) : null;
        status.OomKills24h = history.OomKills.Count(k => k.At > now - TimeSpan.FromHours(24));
        status.LastResize = history.LastResize is { } r
            ? new ResizeStatus { At = r.At.UtcDateTime, From = Quantities.Format(r.From), To = Quantities.Format(r.To), Reason = r.Reason, Message = r.Message }
            : null;
        status.Autopilot = new AutopilotComponentStatus
        {
            Peaks = [.. history.Peaks.Select(p => new PeakStatus { Start = p.Start.UtcDateTime, Bytes = p.Bytes, At = p.At.UtcDateTime })],
            HistorySince = history.HistorySince?.UtcDateTime,
            LastObservedAt = history.LastObservedAt?.UtcDateTime,
            LastWorkingSet = history.LastWorkingSet,
            NearLimitStreak = history.NearLimitStreak,
            OomKills = [.. history.OomKills.Select(k => new OomKillStatus { At = k.At.UtcDateTime, Limit = k.Limit, Answered = k.Answered })],
            RestartsSinceResize = history.RestartsSinceResize,
            BackoffLevel = history.BackoffLevel,
            BackoffUntil = history.BackoffUntil?.UtcDateTime,
            Corrections = [.. history.Corrections.Select(c => c.UtcDateTime)],
            NeedAtResize = history.NeedAtResize,
        };
    }

    private static ResizeRecord? ToRecord(ResizeStatus? status) =>
        status is { At: { } at, From: { } from, To: { } to }
        && Quantities.TryParseBytes("from", from, out var fromBytes, out _)
        && Quantities.TryParseBytes("to", to, out var toBytes, out _)
            ? new ResizeRecord(Utc(at), fromBytes, toBytes, status.Reason ?? "", status.Message ?? "")
            : null;

    // A time read back from JSON may carry Kind Unspecified or Local; status times are always UTC.
    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time, DateTimeKind.Utc));

    private static DateTimeOffset? Utc(DateTime? time) => time is { } t ? Utc(t) : null;
}
