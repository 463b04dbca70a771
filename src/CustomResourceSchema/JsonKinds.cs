using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomResourceSchema;

/// <summary>What a JSON value is, in the words of OpenAPI and of Go's unstructured values.</summary>
public static class JsonKinds
{
    /// <summary>
    /// The OpenAPI type name of a value, as kube-openapi's typeValidator names the data it got:
    /// <c>null</c>, <c>boolean</c>, <c>integer</c> (a number without fraction), <c>number</c>,
    /// <c>string</c>, <c>array</c>, <c>object</c>.
    /// </summary>
    public static string TypeName(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsInteger(v) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    /// <summary>Integral numbers (1, -3, 2.0): Go decodes them to int64 and validates them as integers.</summary>
    public static bool IsInteger(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.Number && AsDouble(value) is var d && Math.Floor(d) == d && !double.IsInfinity(d);

    public static double AsDouble(JsonValue value) =>
        double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static string? AsString(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>The Go value a message prints for this node: int64, float64, string, bool, or the node.</summary>
    public static object? GoValue(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValueKind() == JsonValueKind.True,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => IsInteger(v) && Math.Abs(AsDouble(v)) < 9e18 ? (long)AsDouble(v) : AsDouble(v),
        _ => node,
    };
}
