using System.Text;

namespace ControllerMachinery;

/// <summary>
/// REST paths of the API server (apiserver <c>pkg/endpoints/installer.go</c>): the core group under
/// <c>/api/v1</c>, every other group under <c>/apis/{group}/{version}</c>; namespaced objects under
/// <c>namespaces/{ns}/</c>; a subresource (<c>status</c>) after the object's name. An empty namespace
/// addresses a cluster-scoped resource, or, for a collection, every namespace.
/// </summary>
public static class ResourcePaths
{
    public static string GroupVersion(string group, string version) =>
        group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    public static string Collection(ResourceType resource, string? @namespace)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var path = new StringBuilder(GroupVersion(resource.Group, resource.Version));
        if (!string.IsNullOrEmpty(@namespace))
        {
            path.Append("/namespaces/").Append(Uri.EscapeDataString(@namespace));
        }

        return path.Append('/').Append(resource.Plural).ToString();
    }

    public static string Item(ResourceType resource, ObjectKey key, string? subresource = null)
    {
        if (string.IsNullOrEmpty(key.Name))
        {
            throw new ArgumentException($"an object of {resource} needs a name", nameof(key));
        }

        var path = Collection(resource, key.Namespace) + "/" + Uri.EscapeDataString(key.Name);
        return string.IsNullOrEmpty(subresource) ? path : path + "/" + subresource;
    }

    /// <summary>A query string of the parameters that have a value (each escaped), or "".</summary>
    public static string Query(params (string Name, string? Value)[] parameters)
    {
        var query = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return query.ToString();
    }
}
