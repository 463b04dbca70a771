using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace ControllerMachinery;

/// <summary>
/// The machinery's own source-generated JSON: only what it reads and writes itself (Status, Lease,
/// list envelopes, watch event lines, discovery). Objects of the caller's kinds stay raw until the
/// caller's <see cref="System.Text.Json.Serialization.Metadata.JsonTypeInfo{T}"/> reads them, so no
/// reflection serializer and no context of every API model is needed. Time fields use the client's
/// converters: the API server writes and expects RFC 3339 with microseconds for MicroTime.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(KubernetesJson.KubernetesDateTimeConverter), typeof(KubernetesJson.KubernetesDateTimeOffsetConverter)])]
[JsonSerializable(typeof(V1Status))]
[JsonSerializable(typeof(V1Lease))]
[JsonSerializable(typeof(V1APIResourceList))]
[JsonSerializable(typeof(VersionInfo))]
[JsonSerializable(typeof(RawList))]
[JsonSerializable(typeof(WatchLine))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class MachineryJson : JsonSerializerContext
{
}

/// <summary>One line of a watch stream: <c>{"type": "ADDED", "object": {...}}</c> (apimachinery <c>metav1.WatchEvent</c>).</summary>
internal sealed class WatchLine
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("object")]
    public JsonElement Object { get; set; }
}
