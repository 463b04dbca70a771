using ControllerMachinery;
using k8s;
using k8s.Models;

namespace SensorOperator.Planning;

/// <summary>
/// Every kind the planner can produce, as the resources the reconciler applies, caches and prunes.
/// Group, version and plural come from each model's [KubernetesEntity] attribute, not from here.
/// </summary>
public static class ChildKinds
{
    /// <summary>Always-served kinds, in apply order.</summary>
    public static IReadOnlyList<ResourceType> Core { get; } =
    [
        ResourceType.Of<V1ServiceAccount>(),
        ResourceType.Of<V1Role>(),
        ResourceType.Of<V1RoleBinding>(),
        ResourceType.Of<V1ConfigMap>(),
        ResourceType.Of<V1Service>(),
        ResourceType.Of<V1Deployment>(),
    ];

    /// <summary>Kinds of other projects' CRDs, written only where discovery finds them served.</summary>
    public static IReadOnlyList<ResourceType> Optional { get; } = [ResourceType.Of<V1Beta1VMServiceScrape>(), ResourceType.Of<V1Beta1VMRule>()];

    /// <summary><see cref="Core"/> plus <see cref="Optional"/>.</summary>
    public static IReadOnlyList<ResourceType> All { get; } = [.. Core, .. Optional];

    /// <summary>The resource of a desired child (a model type the planner builds).</summary>
    public static ResourceType Of(IKubernetesObject<V1ObjectMeta> child)
    {
        ArgumentNullException.ThrowIfNull(child);
        var resource = ResourceType.Of(child.GetType());
        return All.Contains(resource)
            ? resource
            : throw new InvalidOperationException($"the planner produced an object of a kind it does not declare: {resource}");
    }
}
