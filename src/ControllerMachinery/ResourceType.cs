using System.Collections.Concurrent;
using System.Reflection;
using k8s;
using k8s.Models;

namespace ControllerMachinery;

/// <summary>
/// A Kubernetes resource addressed generically by group, version and plural. The client's
/// custom-object operations accept any such triple (an empty group reaches the core /api/v1), so
/// one code path lists, watches, applies and deletes every kind the operator touches.
/// </summary>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind)
{
    private static readonly ConcurrentDictionary<Type, ResourceType> Known = new();

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>
    /// The resource of a model type, read from its <see cref="KubernetesEntityAttribute"/> (every
    /// KubernetesClient model carries one, and so must a project's own custom resource types), so
    /// group, version and plural are written once, where the type is.
    /// </summary>
    public static ResourceType Of<T>()
        where T : IKubernetesObject<V1ObjectMeta> => Of(typeof(T));

    /// <summary>The resource of a model type (see <see cref="Of{T}"/>).</summary>
    public static ResourceType Of(Type modelType)
    {
        ArgumentNullException.ThrowIfNull(modelType);
        return Known.GetOrAdd(modelType, static type =>
        {
            var entity = type.GetCustomAttribute<KubernetesEntityAttribute>()
                ?? throw new ArgumentException($"{type.Name} has no [KubernetesEntity] attribute", nameof(modelType));
            return new ResourceType(entity.Group ?? "", entity.ApiVersion, entity.PluralName, entity.Kind);
        });
    }
}
