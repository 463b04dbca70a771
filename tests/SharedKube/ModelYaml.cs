using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CustomResourceSchema;
using k8s;
using k8s.Models;
using SensorOperator.Api;

namespace SensorStack.Testing;

/// <summary>
/// YAML of client models for tests (KubernetesClient.Aot keeps its YAML helper internal): YAML is
/// read to JSON (<see cref="YamlJson"/>, the schema validator's reader) and JSON to the model through
/// the operator's and the client's source-generated contexts, and written back the other way
/// (<see cref="JsonYaml"/>). Strict loading refuses a field no property takes, as strict decoding does.
/// </summary>
public static class ModelYaml
{
    private static readonly JsonSerializerOptions Lenient = new(OperatorJsonContext.Default.Options)
    {
        // Reflection last, for the odd field typed object (a schema's default): tests run on the JIT.
        TypeInfoResolver = JsonTypeInfoResolver.Combine(OperatorJsonContext.Default, SourceGenerationContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    private static readonly JsonSerializerOptions Strict = new(Lenient) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    /// <summary>Model types by <c>apiVersion/kind</c>, from the [KubernetesEntity] attributes of the client's and the operator's models.</summary>
    private static readonly Dictionary<string, Type> Kinds = typeof(V1Pod).Assembly.GetTypes().Concat(typeof(V1Alpha1SensorStack).Assembly.GetTypes())
        .Select(t => (Type: t, Entity: t.GetCustomAttribute<KubernetesEntityAttribute>()))
        .Where(x => x.Entity is not null)
        .GroupBy(x => Key(x.Entity!.Group is { Length: > 0 } g ? $"{g}/{x.Entity.ApiVersion}" : x.Entity.ApiVersion, x.Entity.Kind))
        .ToDictionary(g => g.Key, g => g.First().Type);

    public static T Deserialize<T>(string yaml, bool strict = false) => (T)Deserialize(yaml, typeof(T), strict);

    public static object Deserialize(string yaml, Type type, bool strict = false) =>
        Read(YamlJson.Parse(yaml), type, strict);

    /// <summary>Every document as its model (by apiVersion and kind; <paramref name="typeMap"/> first).</summary>
    public static List<object> LoadAllFromString(string yaml, IDictionary<string, Type>? typeMap = null, bool strict = false) =>
        [.. YamlJson.Documents(yaml).Select(d => YamlJson.Convert(d)).Where(d => d is not null).Select(document =>
        {
            var key = Key((string?)document!["apiVersion"] ?? "", (string?)document["kind"] ?? "");
            var type = typeMap is not null && typeMap.TryGetValue(key, out var mapped) ? mapped
                : Kinds.TryGetValue(key, out var known) ? known
                : throw new JsonException($"no model for {key}");
            return Read(document, type, strict);
        })];

    public static string Serialize(object value) => JsonYaml.Document(ToJson(value));

    public static string SerializeAll(IEnumerable<object> values) => JsonYaml.Documents(values.Select(ToJson));

    private static JsonNode ToJson(object value) =>
        JsonSerializer.SerializeToNode(value, Lenient.GetTypeInfo(value.GetType())) ?? throw new JsonException($"{value.GetType().Name} wrote null");

    private static object Read(JsonNode? json, Type type, bool strict) =>
        json.Deserialize((strict ? Strict : Lenient).GetTypeInfo(type)) ?? throw new JsonException($"the YAML is empty, not a {type.Name}");

    private static string Key(string apiVersion, string kind) => $"{apiVersion}/{kind}";
}
