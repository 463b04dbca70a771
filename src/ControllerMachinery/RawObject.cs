using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace ControllerMachinery;

/// <summary>
/// A list response read item by item: each item stays raw JSON until the informer reads it into
/// its model, so one object that does not fit cannot fail the whole list.
/// </summary>
internal sealed class RawList
{
    [JsonPropertyName("metadata")]
    public V1ListMeta? Metadata { get; set; }

    [JsonPropertyName("items")]
    public IList<JsonElement>? Items { get; set; }
}

/// <summary>What an informer reads of an object before (or instead of) reading it into its model.</summary>
internal static class RawObject
{
    public static ObjectKey KeyOf(JsonElement raw)
    {
        var metadata = MetadataOf(raw);
        return new ObjectKey(StringOf(metadata, "namespace") ?? "", StringOf(metadata, "name") ?? "");
    }

    public static string? UidOf(JsonElement raw) => StringOf(MetadataOf(raw), "uid");

    public static string? ResourceVersionOf(JsonElement raw) => StringOf(MetadataOf(raw), "resourceVersion");

    private static JsonElement MetadataOf(JsonElement raw) =>
        raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty("metadata", out var metadata) ? metadata : default;

    private static string? StringOf(JsonElement obj, string property) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
