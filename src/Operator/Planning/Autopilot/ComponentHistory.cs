namespace SensorOperator.Planning.Autopilot;

/// <summary>
/// What the autopilot remembers about one component across reconciles and operator restarts. It is
/// persisted in status.components[] (<see cref="AutopilotStatusMapping"/>), so a restarted operator
/// resumes from it instead of starting over with a burst of resizes. Pure data: built by
/// <see cref="HistoryFolding.Fold"/> and <see cref="AutopilotPlanner.Decide"/>.
/// </summary>
public sealed record ComponentHistory
{
    public static ComponentHistory Empty { get; } = new();

    /// <summary>
    /// The highest working set per interval (VPA keeps one memory peak per aggregation interval,
    /// vertical-pod-autoscaler/pkg/recommender/model/container.go addMemorySample); the intervals of
    /// the last shrinkAfter, oldest first. See <see cref="HistoryFolding.IntervalLength"/>.
    /// </summary>
    public IReadOnlyList<IntervalPeak> Peaks { get; init; } = [];

    /// <summary>When the first working set of this component was observed; null: never.</summary>
    public DateTimeOffset? HistorySince { get; init; }

    /// <summary>When the component was last observed, and whether that observation had metrics.</summary>
    public DateTimeOffset? LastObservedAt { get; init; }

    /// <summary>The highest per-pod working set at the last observation; null when metrics were unavailable.</summary>
    public long? LastWorkingSet { get; init; }

    /// <summary>Consecutive observations with a working set at or above 95% of the limit in force.</summary>
    public int NearLimitStreak { get; init; }

    /// <summary>OOM kills of the last 24 hours, oldest first, each with the limit it happened at.</summary>
    public IReadOnlyList<OomKill> OomKills { get; init; } = [];

    /// <summary>Container restarts that were not OOM kills, observed since <see cref="LastResize"/>.</summary>
    public int RestartsSinceResize { get; init; }

    /// <summary>The last change the autopilot decided for this component; null: none yet.</summary>
    public ResizeRecord? LastResize { get; init; }

    /// <summary>How often a shrink of this component was reverted lately; each doubles the back-off.</summary>
    public int BackoffLevel { get; init; }

    /// <summary>No shrink of this component before this time (after a revert).</summary>
    public DateTimeOffset? BackoffUntil { get; init; }

    /// <summary>Times of reverts and OOM bumps of the last hour: three make the autopilot Degraded.</summary>
    public IReadOnlyList<DateTimeOffset> Corrections { get; init; } = [];

    /// <summary>The need computed at the last decision, per replica (shown in status).</summary>
    public long? Need { get; init; }

    /// <summary>The need when this component's limit last changed: whether a later move follows its own demand or only its share.</summary>
    public long? NeedAtResize { get; init; }
}

/// <summary>The highest working set (per pod) seen in the interval starting at <paramref name="Start"/>.</summary>
public sealed record IntervalPeak(DateTimeOffset Start, long Bytes, DateTimeOffset At);

/// <summary>An OOM kill at <paramref name="At"/> while the limit in force was <paramref name="Limit"/>.</summary>
/// <param name="Answered">True once a decision has bumped the limit for it (one bump per kill).</param>
public sealed record OomKill(DateTimeOffset At, long Limit, bool Answered);

/// <summary>One decided change of a component's limit (per replica) and why.</summary>
/// <param name="Reason">One of <see cref="ResizeReasons"/>.</param>
/// <param name="Message">What the Event and status say, e.g. "sensor 51Mi→60Mi: peak 52Mi + 15%".</param>
public sealed record ResizeRecord(DateTimeOffset At, long From, long To, string Reason, string Message)
{
    public bool IsDecrease => To < From;
}
