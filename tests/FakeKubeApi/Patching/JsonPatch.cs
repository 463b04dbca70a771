using System.Text.Json.Nodes;
using SensorStack.FakeKubeApi.Http;

namespace SensorStack.FakeKubeApi.Patching;

/// <summary>RFC 6902 JSON patch (add, remove, replace, move, copy, test).</summary>
public static class JsonPatch
{
    public static JsonNode Apply(JsonNode target, JsonArray operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var document = target.DeepClone();
        foreach (var operation in operations)
        {
            var op = operation?["op"]?.GetValue<string>() ?? throw StatusException.BadRequest("json patch operation without 'op'");
            var path = operation["path"]?.GetValue<string>() ?? throw StatusException.BadRequest("json patch operation without 'path'");
            switch (op)
            {
                case "add":
                    document = Add(document, path, Value(operation));
                    break;
                case "remove":
                    Remove(document, path);
                    break;
                case "replace":
                    Remove(document, path);
                    document = Add(document, path, Value(operation));
                    break;
                case "move":
                    {
                        var from = operation["from"]!.GetValue<string>();
                        var moved = Get(document, from).DeepClone();
                        Remove(document, from);
                        document = Add(document, path, moved);
                        break;
                    }

                case "copy":
                    document = Add(document, path, Get(document, operation["from"]!.GetValue<string>()).DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(document, path), operation["value"]))
                    {
                        throw new StatusException(422, "Invalid", $"json patch test operation failed at '{path}'");
                    }

                    break;
                default:
                    throw StatusException.BadRequest($"unknown json patch operation '{op}'");
            }
        }

        return document;
    }

    private static JsonNode? Value(JsonNode operation) =>
        operation.AsObject().TryGetPropertyValue("value", out var value)
            ? value?.DeepClone()
            : throw StatusException.BadRequest("json patch operation without 'value'");

    private static string[] Tokens(string path) =>
        path.Length == 0 ? [] : path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();

    private static JsonNode Get(JsonNode document, string path)
    {
        var node = document;
        foreach (var token in Tokens(path))
        {
            node = Child(node, token) ?? throw Missing(path);
        }

        return node;
    }

    private static JsonNode? Child(JsonNode node, string token) => node switch
    {
        JsonObject o => o[token],
        JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
        _ => null,
    };

    private static JsonNode Add(JsonNode document, string path, JsonNode? value)
    {
        var tokens = Tokens(path);
        if (tokens.Length == 0)
        {
            return value ?? throw StatusException.BadRequest("json patch cannot replace the whole document with null");
        }

        var parent = Get(document, ParentPath(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw Missing(path);
        }

        return document;
    }

    private static void Remove(JsonNode document, string path)
    {
        var tokens = Tokens(path);
        if (tokens.Length == 0)
        {
            throw StatusException.BadRequest("json patch cannot remove the whole document");
        }

        var parent = Get(document, ParentPath(tokens));
        var last = tokens[^1];
        var removed = parent switch
        {
            JsonObject o => o.Remove(last),
            JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count => RemoveAt(a, i),
            _ => false,
        };
        if (!removed)
        {
            throw Missing(path);
        }
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }

    private static string ParentPath(string[] tokens) =>
        tokens.Length == 1 ? "" : "/" + string.Join('/', tokens[..^1].Select(Escape));

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static StatusException Missing(string path) => new(422, "Invalid", $"json patch path '{path}' does not exist");
}
