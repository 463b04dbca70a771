using System.Text.Json.Nodes;

namespace SensorStack.FakeKubeApi.Patching;

/// <summary>
/// The set of fields one manager owns, kept in <c>metadata.managedFields[].fieldsV1</c> in the
/// real format (<c>{"f:spec":{"f:replicas":{}}}</c>). Lists are owned as a whole (the real server
/// tracks list items by merge key, <c>k:{"name":"sensor"}</c>); maps are owned key by key.
/// </summary>
internal sealed class FieldSet
{
    private const char Separator = '\u001f';

    private FieldSet(HashSet<string> paths)
    {
        Paths = paths;
    }

    /// <summary>Leaf paths, segments joined by an unprintable separator.</summary>
    public HashSet<string> Paths { get; }

    public static FieldSet Empty => new([]);

    /// <summary>The leaves of an applied object, minus the fields the server owns.</summary>
    public static FieldSet Of(JsonObject applied)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in applied)
        {
            if (key is "apiVersion" or "kind")
            {
                continue;
            }

            if (key == "metadata" && value is JsonObject metadata)
            {
                foreach (var (metaKey, metaValue) in metadata)
                {
                    if (metaKey is "labels" or "annotations" or "ownerReferences" or "finalizers")
                    {
                        Collect(metaValue, ["metadata", metaKey], paths);
                    }
                }

                continue;
            }

            Collect(value, [key], paths);
        }

        return new FieldSet(paths);
    }

    public static FieldSet FromFieldsV1(JsonNode? fieldsV1)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        if (fieldsV1 is JsonObject root)
        {
            Read(root, [], paths);
        }

        return new FieldSet(paths);
    }

    public JsonObject ToFieldsV1()
    {
        var root = new JsonObject();
        foreach (var path in Paths.Order(StringComparer.Ordinal))
        {
            var node = root;
            foreach (var segment in path.Split(Separator))
            {
                var key = "f:" + segment;
                if (node[key] is not JsonObject child)
                {
                    child = [];
                    node[key] = child;
                }

                node = child;
            }
        }

        return root;
    }

    public static string[] Segments(string path) => path.Split(Separator);

    public bool SetEquals(FieldSet other) => Paths.SetEquals(other.Paths);

    private static void Collect(JsonNode? node, List<string> prefix, HashSet<string> paths)
    {
        if (node is JsonObject obj && obj.Count > 0)
        {
            foreach (var (key, value) in obj)
            {
                Collect(value, [.. prefix, key], paths);
            }

            return;
        }

        paths.Add(string.Join(Separator, prefix));
    }

    private static void Read(JsonObject node, List<string> prefix, HashSet<string> paths)
    {
        var children = node.Where(p => p.Key.StartsWith("f:", StringComparison.Ordinal)).ToList();
        if (children.Count == 0 && prefix.Count > 0)
        {
            paths.Add(string.Join(Separator, prefix));
            return;
        }

        foreach (var (key, value) in children)
        {
            Read(value as JsonObject ?? [], [.. prefix, key[2..]], paths);
        }
    }
}
