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
}
