using System.Text.Json.Nodes;
using SensorStack.FakeKubeApi.Http;

namespace SensorStack.FakeKubeApi.Discovery;

/// <summary>
/// The discovery documents (<c>/api</c>, <c>/api/v1</c>, <c>/apis</c>, <c>/apis/{group}</c>,
/// <c>/apis/{group}/{version}</c>, <c>/version</c>), built from what the registry serves right now,
/// so a test can make an optional API appear or vanish. Only the legacy (v1) discovery format is
/// served; aggregated discovery is not. <c>/version</c> and the <c>pods/resize</c> entry follow
/// <see cref="FakeKubeApiOptions.KubernetesMinorVersion"/>.
/// </summary>
internal static class DiscoveryDocuments
{
    public static JsonNode For(string path, ResourceRegistry registry, string serverAddress, FakeKubeApiOptions options)
    {
        var all = registry.All;
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["api"] => new JsonObject
            {
                ["kind"] = "APIVersions",
                ["versions"] = new JsonArray("v1"),
                ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
            },
            ["api", "v1"] => ResourceList("v1", all.Where(t => t.Group.Length == 0), options.ServesPodResize),
            ["apis"] => new JsonObject
            {
                ["kind"] = "APIGroupList",
                ["apiVersion"] = "v1",
                ["groups"] = new JsonArray(all.Where(t => t.Group.Length > 0).GroupBy(t => t.Group).Select(g => (JsonNode)Group(g.Key, g)).ToArray()),
            },
            ["apis", var group] when all.Any(t => t.Group == group) =>
                WithKind(Group(group, all.Where(t => t.Group == group)), "APIGroup"),
            ["apis", var group, var version] when registry.Serves(group, version) =>
                ResourceList($"{group}/{version}", all.Where(t => t.Group == group && t.Version == version), servesPodResize: false),
            ["version"] => new JsonObject
            {
                ["major"] = "1",
                ["minor"] = options.KubernetesMinorVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["gitVersion"] = $"v1.{options.KubernetesMinorVersion}.0-fake",
                ["platform"] = "linux/amd64",
            },
            _ => throw new StatusException(404, "NotFound", $"the server could not find the requested resource (get {path})"),
        };
    }

    private static JsonObject WithKind(JsonObject obj, string kind)
    {
        obj["kind"] = kind;
        obj["apiVersion"] = "v1";
        return obj;
    }

    private static JsonObject Group(string name, IEnumerable<ResourceType> types)
    {
        var versions = types.Select(t => t.Version).Distinct().Order(StringComparer.Ordinal).ToList();
        var preferred = versions.FirstOrDefault(v => v.StartsWith('v') && !v.Contains("alpha", StringComparison.Ordinal) && !v.Contains("beta", StringComparison.Ordinal)) ?? versions[^1];
        return new JsonObject
        {
            ["name"] = name,
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode)VersionEntry(name, v)).ToArray()),
            ["preferredVersion"] = VersionEntry(name, preferred),
        };
    }

    private static JsonObject VersionEntry(string group, string version) =>
        new() { ["groupVersion"] = $"{group}/{version}", ["version"] = version };

    private static JsonObject ResourceList(string groupVersion, IEnumerable<ResourceType> types, bool servesPodResize)
    {
        var resources = new JsonArray();
        foreach (var type in types)
        {
            var verbs = type.ReadOnly
                ? new JsonArray("get", "list", "watch")
                : new JsonArray("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
            var entry = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = verbs,
            };
            if (type.ShortNames is { Count: > 0 } shortNames)
            {
                entry["shortNames"] = new JsonArray(shortNames.Select(s => (JsonNode)JsonValue.Create(s)).ToArray());
            }

            resources.Add(entry);
            if (type.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = type.Plural + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                    ["kind"] = type.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }

            if (servesPodResize && type == BuiltInResources.Pods)
            {
                // The real API server lists it as kubectl api-resources shows: pods/resize, kind Pod.
                resources.Add(new JsonObject
                {
                    ["name"] = "pods/resize",
                    ["singularName"] = "",
                    ["namespaced"] = true,
                    ["kind"] = "Pod",
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = groupVersion,
            ["resources"] = resources,
        };
    }
}
