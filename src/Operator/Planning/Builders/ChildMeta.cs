using k8s.Models;
using SensorOperator.Api;

namespace SensorOperator.Planning.Builders;

/// <summary>Identity of one component: its child name (from <see cref="ChildNames"/>) and its app.kubernetes.io labels.</summary>
internal sealed record ComponentIdentity(Func<string, string> NameOf, string AppName, string Component)
{
    public static readonly ComponentIdentity Sensor = new(ChildNames.Sensor, "sensor-service", "sensor");
    public static readonly ComponentIdentity VictoriaMetrics = new(ChildNames.VictoriaMetrics, "victoria-metrics", "metrics-store");
    public static readonly ComponentIdentity Grafana = new(ChildNames.Grafana, "grafana", "dashboards");
    public static readonly ComponentIdentity VmAlert = new(ChildNames.VmAlert, "vmalert", "alerting");

    public string NameIn(ResolvedSpec spec) => NameOf(spec.StackName);

    public Dictionary<string, string> SelectorIn(ResolvedSpec spec) => StackLabels.Selector(spec.StackName, AppName, Component);
}

/// <summary>Metadata every child shares: name, namespace, labels and the controller ownerReference.</summary>
internal static class ChildMeta
{
    public static V1ObjectMeta For(ResolvedSpec spec, string name, ComponentIdentity component) => new()
    {
        Name = name,
        NamespaceProperty = spec.Namespace,
        Labels = StackLabels.For(spec.StackName, component.AppName, component.Component),
        OwnerReferences = OwnerReferences(spec),
    };

    /// <summary>
    /// The controller reference to the stack: garbage collection removes the children with it, and
    /// the reconciler (and kubectl) can tell which stack owns an object; no finalizer is needed. A
    /// stack read from a file has no uid yet (render), and a reference without one is invalid, so
    /// there is none then.
    /// </summary>
    private static List<V1OwnerReference>? OwnerReferences(ResolvedSpec spec) => string.IsNullOrEmpty(spec.Uid)
        ? null
        :
        [
            new V1OwnerReference
            {
                ApiVersion = V1Alpha1SensorStack.GroupVersion,
                Kind = V1Alpha1SensorStack.ResourceKind,
                Name = spec.StackName,
                Uid = spec.Uid,
                Controller = true,
                BlockOwnerDeletion = true,
            },
        ];
}
