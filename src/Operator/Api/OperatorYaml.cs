using System.Text.Json;
using System.Text.Json.Nodes;
using CustomResourceSchema;

namespace SensorOperator.Api;

/// <summary>
/// YAML of the objects the operator builds, without reflection: each object is written to JSON
/// through <see cref="OperatorJsonContext"/>, and the JSON emitted as YAML (<see cref="JsonYaml"/>).
/// Fields come in the models' order (alphabetical for the built-in kinds, as <c>kubectl get -o yaml</c>
/// prints them), except that each document starts with apiVersion, kind and metadata, as manifests do.
/// </summary>
public static class OperatorYaml
{
    private static readonly string[] Header = ["apiVersion", "kind", "metadata"];

    /// <summary>Multi-document YAML, one document per object, in the given order.</summary>
    public static string SerializeAll(IEnumerable<object> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        return JsonYaml.Documents(objects.Select(o => HeaderFirst(ToJson(o))));
    }

    public static string Serialize(object value) => JsonYaml.Document(HeaderFirst(ToJson(value)));

    /// <summary>The object's JSON, as the client would send it.</summary>
    public static JsonNode ToJson(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var typeInfo = OperatorJsonContext.Default.GetTypeInfo(value.GetType())
            ?? throw new NotSupportedException($"{value.GetType().Name} is not in {nameof(OperatorJsonContext)}");
        return JsonSerializer.SerializeToNode(value, typeInfo)
            ?? throw new ArgumentException($"{value.GetType().Name} serialised to null", nameof(value));
    }

    private static JsonNode HeaderFirst(JsonNode node)
    {
        if (node is not JsonObject obj || !obj.ContainsKey("kind"))
        {
            return node;
        }

        var fields = obj.ToList();
        obj.Clear();
        foreach (var (key, value) in fields.OrderBy(f => Array.IndexOf(Header, f.Key) is var i and >= 0 ? i : Header.Length))
        {
            obj[key] = value;
        }

        return obj;
    }
}
