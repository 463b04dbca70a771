using System.Text.Json.Nodes;

namespace SensorStack.FakeKubeApi;

/// <summary>
/// The resources the fake server currently serves. Tests add or remove entries at runtime (for
/// example to make an optional CRD appear), and discovery answers from this table.
/// </summary>
public sealed class ResourceRegistry
{
    private readonly Lock gate = new();
    private readonly List<ResourceType> types = [];

    internal event Action<ResourceType>? Removed;

    public ResourceRegistry(IEnumerable<ResourceType> initial)
    {
        types.AddRange(initial);
    }

    public IReadOnlyList<ResourceType> All
    {
        get
        {
            lock (gate)
            {
                return [.. types];
            }
        }
    }

    /// <summary>Serves <paramref name="type"/>, replacing an entry with the same group/version/plural.</summary>
    public void Add(ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        lock (gate)
        {
            types.RemoveAll(t => SameResource(t, type));
            types.Add(type);
        }
    }

    /// <summary>Stops serving every version of a resource; its stored objects are deleted.</summary>
    /// <param name="id">kubectl spelling: <c>vmservicescrapes.operator.victoriametrics.com</c>.</param>
    public bool Remove(string id)
    {
        List<ResourceType> removed;
        lock (gate)
        {
            removed = types.Where(t => t.Id == id).ToList();
            types.RemoveAll(t => t.Id == id);
        }

        foreach (var type in removed)
        {
            Removed?.Invoke(type);
        }

        return removed.Count > 0;
    }

    /// <summary>Removes one group/version (e.g. <c>metrics.k8s.io/v1beta1</c>) as an absent aggregated API would.</summary>
    public bool RemoveGroupVersion(string apiVersion)
    {
        var ids = All.Where(t => t.ApiVersion == apiVersion).Select(t => t.Id).Distinct().ToList();
        foreach (var id in ids)
        {
            Remove(id);
        }

        return ids.Count > 0;
    }

    public ResourceType? Find(string group, string version, string plural)
    {
        lock (gate)
        {
            return types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);
        }
    }

    /// <summary>Looks a resource up by its kubectl spelling (<c>deployments.apps</c>, <c>pods</c>).</summary>
    public ResourceType Get(string id)
    {
        lock (gate)
        {
            return types.FirstOrDefault(t => t.Id == id)
                ?? throw new ArgumentException($"the fake API server does not serve '{id}'", nameof(id));
        }
    }

    /// <summary>Finds the resource of an object from its <c>apiVersion</c> and <c>kind</c>.</summary>
    public ResourceType ForObject(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var apiVersion = obj["apiVersion"]?.GetValue<string>() ?? throw new ArgumentException("the object has no apiVersion");
        var kind = obj["kind"]?.GetValue<string>() ?? throw new ArgumentException("the object has no kind");
        lock (gate)
        {
            return types.FirstOrDefault(t => t.ApiVersion == apiVersion && t.Kind == kind)
                ?? throw new ArgumentException($"the fake API server does not serve {apiVersion} {kind}");
        }
    }

    public bool Serves(string group, string version)
    {
        lock (gate)
        {
            return types.Any(t => t.Group == group && t.Version == version);
        }
    }

    /// <summary>
    /// Serves what a CustomResourceDefinition declares (every served version, status subresource
    /// when declared), with each version's schema for admission (pruning, defaulting, validation).
    /// The CRD itself is validated by the caller (<see cref="CustomResourceSchema.CrdValidator"/>).
    /// </summary>
    public IReadOnlyList<ResourceType> AddCustomResourceDefinition(JsonObject crd)
    {
        ArgumentNullException.ThrowIfNull(crd);
        var spec = crd["spec"]?.AsObject() ?? throw new ArgumentException("the CRD has no spec");
        var group = spec["group"]!.GetValue<string>();
        var names = spec["names"]!.AsObject();
        var kind = names["kind"]!.GetValue<string>();
        var plural = names["plural"]!.GetValue<string>();
        var shortNames = names["shortNames"]?.AsArray().Select(n => n!.GetValue<string>()).ToList();
        var namespaced = spec["scope"]?.GetValue<string>() != "Cluster";
        var added = new List<ResourceType>();
        foreach (var version in spec["versions"]?.AsArray() ?? [])
        {
            if (version?["served"]?.GetValue<bool>() == false)
            {
                continue;
            }

            var hasStatus = version?["subresources"]?["status"] is not null;
            var name = version!["name"]!.GetValue<string>();
            var type = new ResourceType(group, name, kind, plural, namespaced, hasStatus, ShortNames: shortNames,
                Admission: CustomResourceSchema.CustomResourceAdmission.ForVersion(crd, name));
            Add(type);
            added.Add(type);
        }

        return added;
    }

    private static bool SameResource(ResourceType a, ResourceType b) =>
        a.Group == b.Group && a.Version == b.Version && a.Plural == b.Plural;
}
