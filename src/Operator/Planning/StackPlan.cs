using k8s;
using k8s.Models;

namespace SensorOperator.Planning;

/// <summary>
/// A feasible plan for one SensorStack: the memory limit of every component and the desired child
/// objects, in the order they should be applied (RBAC and ConfigMaps before the Deployments that use
/// them). <see cref="ServiceScrape"/> is separate because it is only written where the cluster serves
/// the VMServiceScrape CRD.
/// </summary>
public sealed record StackPlan
{
    public required string StackName { get; init; }

    public required string Namespace { get; init; }

    public required long BudgetBytes { get; init; }

    /// <summary>Sum of every component's limit x replicas; never more than <see cref="BudgetBytes"/>.</summary>
    public required long AllocatedBytes { get; init; }

    /// <summary>sensor, victoriaMetrics and (when enabled) grafana and alerting, in that order.</summary>
    public required IReadOnlyList<ComponentPlan> Components { get; init; }

    /// <summary>Every child except the optional VMServiceScrape, in apply order.</summary>
    public required IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Children { get; init; }

    /// <summary>The VMServiceScrape for clusters that run the VictoriaMetrics operator.</summary>
    public required V1Beta1VMServiceScrape ServiceScrape { get; init; }

    /// <summary>The alert rules as a VMRule, when alerting is enabled, for clusters that run the VictoriaMetrics operator.</summary>
    public V1Beta1VMRule? Rule { get; init; }

    /// <summary>What status says about alerting; null when it is off.</summary>
    public AlertingPlan? Alerting { get; init; }

    /// <summary>spec.autopilot as parsed; off unless the spec enables it.</summary>
    public Autopilot.AutopilotSettings Autopilot { get; init; } = SensorOperator.Planning.Autopilot.AutopilotSettings.Disabled;

    /// <summary>Children of other projects' kinds (<see cref="ChildKinds.Optional"/>), each written only where the cluster serves its CRD.</summary>
    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> OptionalChildren => Rule is null ? [ServiceScrape] : [ServiceScrape, Rule];

    /// <summary>Budget in canonical quantity form, for status.budget.</summary>
    public string Budget => Api.Quantities.Format(BudgetBytes);

    /// <summary>Allocated in canonical quantity form, for status.allocated.</summary>
    public string Allocated => Api.Quantities.Format(AllocatedBytes);

    /// <summary>Label selector (key=value,...) that matches every child of this stack.</summary>
    public string ChildSelector => StackLabels.SelectorFor(StackName);
}

/// <summary>One component's share of the budget.</summary>
public sealed record ComponentPlan
{
    /// <summary>sensor, victoriaMetrics or grafana: the spec field and the status component name.</summary>
    public required string Name { get; init; }

    /// <summary>The Deployment (and Service) name, e.g. demo-sensor.</summary>
    public required string DeploymentName { get; init; }

    /// <summary>Memory limit (== request) of the one container, per replica.</summary>
    public required long LimitBytes { get; init; }

    public required int Replicas { get; init; }

    /// <summary>True when the limit came from spec.*.memoryLimit rather than the weights.</summary>
    public required bool Explicit { get; init; }

    /// <summary>The least memory per replica the split gives it (<see cref="MemoryPolicy"/>).</summary>
    public long FloorBytes { get; init; }

    /// <summary>Its weight in sharing what is left above the floors.</summary>
    public int Weight { get; init; }

    /// <summary>Labels that select exactly this component's pods.</summary>
    public required IReadOnlyDictionary<string, string> SelectorLabels { get; init; }

    /// <summary>What status.components[].message says about this component (alerting: who is notified).</summary>
    public string? Note { get; init; }

    public long TotalBytes => LimitBytes * Replicas;

    /// <summary>The limit in canonical quantity form, for status.components[].limit.</summary>
    public string Limit => Api.Quantities.Format(LimitBytes);
}

/// <summary>Alerting as planned: where notifications go (null: evaluated and recorded only).</summary>
public sealed record AlertingPlan(string? NotifierUrl)
{
    public bool Notifies => NotifierUrl is not null;
}
