using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ControllerMachinery;

/// <summary>
/// A desired object as the JSON body of a server-side apply, with a hash of its content stored in
/// an annotation. The hash is what "unchanged" means to the <see cref="Applier"/>: it is taken over
/// the canonical JSON (object keys sorted) of exactly what the operator sends, so it is stable
/// across processes and releases, and independent of the defaults and normalisations the API
/// server adds to the live object.
/// </summary>
public sealed class DesiredObject
{
    private DesiredObject(ResourceType resource, ObjectKey key, JsonObject body, string hash)
    {
        Resource = resource;
        Key = key;
        Body = body;
        Hash = hash;
    }

    public ResourceType Resource { get; }

    public ObjectKey Key { get; }

    /// <summary>The apply body, including the hash annotation.</summary>
    public JsonObject Body { get; }

    public string Hash { get; }

    /// <param name="serialized">The desired object as the caller's serializer wrote it.</param>
    public static DesiredObject From(ResourceType resource, ObjectKey key, JsonNode? serialized, string hashAnnotation)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var body = serialized as JsonObject
            ?? throw new ArgumentException($"the desired {resource} {key} did not serialise to a JSON object", nameof(serialized));
        body["apiVersion"] = resource.ApiVersion;
        body["kind"] = resource.Kind;

        // Server-owned metadata must not be part of an apply body (a stale resourceVersion would
        // turn the apply into an optimistic-concurrency conflict).
        if (body["metadata"] is JsonObject metadata)
        {
            foreach (var field in new[] { "resourceVersion", "uid", "generation", "creationTimestamp", "managedFields", "selfLink" })
            {
                metadata.Remove(field);
            }

            (metadata["annotations"] as JsonObject)?.Remove(hashAnnotation);
        }

        body.Remove("status");
        var canonical = Canonical(body);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical!.ToJsonString())))[..32];

        var meta = body["metadata"] as JsonObject ?? new JsonObject();
        body["metadata"] = meta;
        if (meta["annotations"] is not JsonObject annotations)
        {
            annotations = [];
            meta["annotations"] = annotations;
        }

        annotations[hashAnnotation] = hash;
        return new DesiredObject(resource, key, body, hash);
    }

    /// <summary>A deep copy with every object's keys in ordinal order.</summary>
    internal static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, Canonical(kv.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Canonical)]),
        null => null,
        _ => node.DeepClone(),
    };
}
