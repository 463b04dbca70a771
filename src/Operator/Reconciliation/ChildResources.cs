using k8s;
using k8s.Models;
using SensorOperator.Kubernetes;
using SensorOperator.Planning;

namespace SensorOperator.Reconciliation;

/// <summary>The planner's child kinds as the generic machinery's resource types.</summary>
public static class ChildResources
{
    public static ResourceType Of(ChildKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return new(kind.Group, kind.Version, kind.Plural, kind.Kind);
    }

    public static ResourceType VMServiceScrape { get; } = Of(ChildKinds.VMServiceScrape);

    public static ResourceType VMRule { get; } = Of(ChildKinds.VMRule);

    /// <summary>The resource type of a desired object, from its kind (set by every builder).</summary>
    public static ResourceType Of(IKubernetesObject<V1ObjectMeta> desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var kind = ChildKinds.All.FirstOrDefault(k => k.Kind == desired.Kind && (desired.ApiVersion is null || k.ApiVersion == desired.ApiVersion))
            ?? throw new InvalidOperationException($"the planner produced an object of unknown kind {desired.ApiVersion}/{desired.Kind}");
        return Of(kind);
    }
}
