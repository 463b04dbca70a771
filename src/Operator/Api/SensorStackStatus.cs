using k8s.Models;

namespace SensorOperator.Api;

/// <summary>What the operator observed. Quantities are canonical Kubernetes strings (e.g. 296Mi).</summary>
public sealed class SensorStackStatus
{
    /// <summary>The metadata.generation this status describes.</summary>
    public long? ObservedGeneration { get; set; }

    /// <summary>spec.memoryBudget in canonical form.</summary>
    public string? Budget { get; set; }

    /// <summary>Sum of the planned memory limits x replicas.</summary>
    public string? Allocated { get; set; }

    /// <summary>Sum of the observed working sets of every container; absent when metrics are unavailable.</summary>
    public string? Used { get; set; }

    public IList<ComponentStatus>? Components { get; set; }

    /// <summary>metav1.Condition shape; types and reasons in <see cref="ConditionTypes"/> and <see cref="ConditionReasons"/>.</summary>
    public IList<V1Condition>? Conditions { get; set; }
}

/// <summary>One component of the stack as planned and observed.</summary>
public sealed class ComponentStatus
{
    /// <summary>sensor, victoriaMetrics, grafana or alerting (the spec field name).</summary>
    public string Name { get; set; } = "";

    /// <summary>Planned memory limit per replica.</summary>
    public string? Limit { get; set; }

    /// <summary>Observed working set summed over the component's pods.</summary>
    public string? Used { get; set; }

    public int? ReadyReplicas { get; set; }

    /// <summary>OOMKilled terminations since the stack was created (a running total: replaced pods' kills stay counted).</summary>
    public int? OomKills { get; set; }

    /// <summary>
    /// Ids of the OOMKilled terminations still visible in pod status that <see cref="OomKills"/>
    /// already counts; persisted so that a restarted operator neither counts nor reports them again.
    /// </summary>
    public IList<string>? CountedOomKills { get; set; }

    /// <summary>What else a user should know about the component (for alerting: whether anyone is notified).</summary>
    public string? Message { get; set; }

    // The fields below are set only with spec.autopilot.enabled.

    /// <summary>The limit per pod the running pods have; differs from <see cref="Limit"/> while a change is being applied.</summary>
    public string? LimitInForce { get; set; }

    /// <summary>The highest working set of one pod within the last spec.autopilot.shrinkAfter.</summary>
    public string? Peak { get; set; }

    /// <summary>When <see cref="Peak"/> was observed (its age decides when the component may shrink).</summary>
    public DateTime? PeakAt { get; set; }

    /// <summary>What the observed demand needs per pod: max(floor, peak + headroom, peak + minChange), more after an OOM kill.</summary>
    public string? Need { get; set; }

    /// <summary>OOMKilled terminations of the last 24 hours.</summary>
    public int? OomKills24h { get; set; }

    /// <summary>The last limit change the autopilot made and why.</summary>
    public ResizeStatus? LastResize { get; set; }

    /// <summary>The autopilot's memory of this component, so that a restarted operator resumes where it stopped.</summary>
    public AutopilotComponentStatus? Autopilot { get; set; }
}

/// <summary>One limit change by the autopilot.</summary>
public sealed class ResizeStatus
{
    public DateTime? At { get; set; }

    /// <summary>Limit per pod before the change.</summary>
    public string? From { get; set; }

    /// <summary>Limit per pod after the change.</summary>
    public string? To { get; set; }

    /// <summary>PeakGrew, NearLimit, OomKilled, PeakAged, Rebalanced, Reverted or BudgetChanged.</summary>
    public string? Reason { get; set; }

    /// <summary>The change as the Event told it, e.g. "sensor 51Mi→60Mi: peak 52Mi + 15%; from victoriaMetrics 102Mi→93Mi".</summary>
    public string? Message { get; set; }
}

/// <summary>The autopilot's working state for one component (bytes as integers, times as RFC 3339).</summary>
public sealed class AutopilotComponentStatus
{
    /// <summary>The highest working set per interval of the last shrinkAfter, oldest first.</summary>
    public IList<PeakStatus>? Peaks { get; set; }

    /// <summary>When the component's working set was first observed.</summary>
    public DateTime? HistorySince { get; set; }

    public DateTime? LastObservedAt { get; set; }

    /// <summary>Highest per-pod working set at the last observation; absent when metrics were unavailable.</summary>
    public long? LastWorkingSet { get; set; }

    /// <summary>Consecutive observations at or above 95% of the limit.</summary>
    public int? NearLimitStreak { get; set; }

    /// <summary>OOM kills of the last 24 hours.</summary>
    public IList<OomKillStatus>? OomKills { get; set; }

    /// <summary>Restarts other than OOM kills since the last change.</summary>
    public int? RestartsSinceResize { get; set; }

    /// <summary>Reverted shrinks lately; each doubles the back-off.</summary>
    public int? BackoffLevel { get; set; }

    /// <summary>No shrink before this time.</summary>
    public DateTime? BackoffUntil { get; set; }

    /// <summary>Times of reverts and OOM bumps of the last hour.</summary>
    public IList<DateTime>? Corrections { get; set; }

    /// <summary>The need in bytes when the limit last changed.</summary>
    public long? NeedAtResize { get; set; }
}

/// <summary>The highest per-pod working set within one interval.</summary>
public sealed class PeakStatus
{
    /// <summary>Start of the interval.</summary>
    public DateTime Start { get; set; }

    /// <summary>The peak in bytes.</summary>
    public long Bytes { get; set; }

    /// <summary>When the peak was observed.</summary>
    public DateTime At { get; set; }
}

/// <summary>One OOM kill as the autopilot counts it.</summary>
public sealed class OomKillStatus
{
    public DateTime At { get; set; }

    /// <summary>The limit per pod in force when it happened, in bytes.</summary>
    public long Limit { get; set; }

    /// <summary>Whether the limit was already bumped for it (one bump per kill).</summary>
    public bool Answered { get; set; }
}
