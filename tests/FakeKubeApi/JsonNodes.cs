using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SensorStack.FakeKubeApi;

/// <summary>Small helpers over <see cref="JsonObject"/> for Kubernetes object metadata.</summary>
internal static class JsonNodes
{
    /// <summary>Output options: quotes and non-ASCII text unescaped, as the real server writes JSON.</summary>
    public static readonly JsonSerializerOptions Wire = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject Metadata(this JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = [];
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string? GetString(this JsonObject obj, string property) =>
        obj[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static string? Name(this JsonObject obj) => obj.Metadata().GetString("name");

    public static string? Namespace(this JsonObject obj) => obj.Metadata().GetString("namespace");

    public static string? Uid(this JsonObject obj) => obj.Metadata().GetString("uid");

    public static string? ResourceVersion(this JsonObject obj) => obj.Metadata().GetString("resourceVersion");

    public static long Generation(this JsonObject obj) =>
        obj.Metadata()["generation"] is JsonValue value && long.TryParse(value.ToJsonString(), out var generation) ? generation : 0;

    public static IReadOnlyDictionary<string, string> Labels(this JsonObject obj)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj.Metadata()["labels"] is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                labels[key] = value?.ToString() ?? "";
            }
        }

        return labels;
    }

    public static JsonObject CloneObject(this JsonObject obj) => obj.DeepClone().AsObject();

    /// <summary>RFC 3339 with second precision, as metav1.Time serializes.</summary>
    public static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Follows a dotted path (<c>metadata.name</c>, <c>involvedObject.uid</c>) to a scalar's text.</summary>
    public static string? PathValue(this JsonObject obj, string dottedPath)
    {
        JsonNode? node = obj;
        foreach (var part in dottedPath.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
            if (node is null)
            {
                return null;
            }
        }

        return node is JsonValue v ? (v.TryGetValue<string>(out var s) ? s : v.ToJsonString()) : null;
    }
}
