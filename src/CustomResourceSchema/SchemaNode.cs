using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomResourceSchema;

/// <summary>
/// One node of an openAPIV3Schema as a CustomResourceDefinition declares it (apiextensions
/// <c>JSONSchemaProps</c>), read from JSON. The structural view the API server builds
/// (apiextensions-apiserver <c>pkg/apiserver/schema/structural.go</c>: generic fields, value
/// validation, extensions) is this node plus the junctors (allOf, anyOf, oneOf, not) kept apart.
/// </summary>
public sealed class SchemaNode
{
    /// <summary>Keys the API server refuses outright (specStandardValidatorV3.validate).</summary>
    private static readonly string[] Unsupported = ["id", "$ref", "patternProperties", "definitions", "dependencies", "additionalItems"];

    private SchemaNode(JsonObject raw)
    {
        Raw = raw;
    }

    /// <summary>The node as written.</summary>
    public JsonObject Raw { get; }

    public string Type { get; private init; } = "";

    public string Format { get; private init; } = "";

    public string Description { get; private init; } = "";

    public string Title { get; private init; } = "";

    public bool Nullable { get; private init; }

    /// <summary>The <c>default</c>, or null when none is declared (a declared JSON null counts as none, as in Go).</summary>
    public JsonNode? Default { get; private init; }

    public IReadOnlyDictionary<string, SchemaNode> Properties { get; private init; } = new Dictionary<string, SchemaNode>();

    public SchemaNode? Items { get; private init; }

    /// <summary><c>items</c> given as an array of schemas, which the API server forbids.</summary>
    public bool ItemsIsArray { get; private init; }

    /// <summary><c>additionalProperties</c> as a schema.</summary>
    public SchemaNode? AdditionalProperties { get; private init; }

    /// <summary><c>additionalProperties</c> present at all (a schema or a boolean).</summary>
    public bool HasAdditionalProperties { get; private init; }

    /// <summary><c>additionalProperties: false</c>.</summary>
    public bool AdditionalPropertiesForbidden { get; private init; }

    public IReadOnlyList<string> Required { get; private init; } = [];

    public JsonArray? Enum { get; private init; }

    public string Pattern { get; private init; } = "";

    public double? Minimum { get; private init; }

    public double? Maximum { get; private init; }

    public bool ExclusiveMinimum { get; private init; }

    public bool ExclusiveMaximum { get; private init; }

    public long? MinLength { get; private init; }

    public long? MaxLength { get; private init; }

    public long? MinItems { get; private init; }

    public long? MaxItems { get; private init; }

    public long? MinProperties { get; private init; }

    public long? MaxProperties { get; private init; }

    public double? MultipleOf { get; private init; }

    public bool UniqueItems { get; private init; }

    /// <summary><c>x-kubernetes-preserve-unknown-fields</c> as written (false is refused by the API server).</summary>
    public bool? PreserveUnknownFieldsValue { get; private init; }

    public bool PreserveUnknownFields => PreserveUnknownFieldsValue == true;

    public bool IntOrString { get; private init; }

    public bool EmbeddedResource { get; private init; }

    public string? ListType { get; private init; }

    public IReadOnlyList<string> ListMapKeys { get; private init; } = [];

    public string? MapType { get; private init; }

    /// <summary><c>x-kubernetes-validations</c> (CEL rules), kept as written.</summary>
    public JsonArray? Validations { get; private init; }

    public IReadOnlyList<SchemaNode> AllOf { get; private init; } = [];

    public IReadOnlyList<SchemaNode> AnyOf { get; private init; } = [];

    public IReadOnlyList<SchemaNode> OneOf { get; private init; } = [];

    public SchemaNode? Not { get; private init; }

    /// <summary>Keys of <see cref="Unsupported"/> present in this node.</summary>
    public IReadOnlyList<string> UnsupportedKeys { get; private init; } = [];

    public static SchemaNode Parse(JsonObject raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var additional = raw["additionalProperties"];
        return new SchemaNode(raw)
        {
            Type = Text(raw, "type") ?? "",
            Format = Text(raw, "format") ?? "",
            Description = Text(raw, "description") ?? "",
            Title = Text(raw, "title") ?? "",
            Nullable = Flag(raw, "nullable"),
            Default = raw["default"]?.DeepClone(),
            Properties = raw["properties"] is JsonObject properties
                ? properties.Where(p => p.Value is JsonObject).ToDictionary(p => p.Key, p => Parse((JsonObject)p.Value!), StringComparer.Ordinal)
                : new Dictionary<string, SchemaNode>(),
            Items = raw["items"] is JsonObject items ? Parse(items) : null,
            ItemsIsArray = raw["items"] is JsonArray,
            HasAdditionalProperties = additional is not null,
            AdditionalProperties = additional is JsonObject schema ? Parse(schema) : null,
            AdditionalPropertiesForbidden = additional is JsonValue allows && allows.GetValueKind() == JsonValueKind.False,
            Required = Strings(raw, "required"),
            Enum = raw["enum"] as JsonArray,
            Pattern = Text(raw, "pattern") ?? "",
            Minimum = Number(raw, "minimum"),
            Maximum = Number(raw, "maximum"),
            ExclusiveMinimum = Flag(raw, "exclusiveMinimum"),
            ExclusiveMaximum = Flag(raw, "exclusiveMaximum"),
            MinLength = Integer(raw, "minLength"),
            MaxLength = Integer(raw, "maxLength"),
            MinItems = Integer(raw, "minItems"),
            MaxItems = Integer(raw, "maxItems"),
            MinProperties = Integer(raw, "minProperties"),
            MaxProperties = Integer(raw, "maxProperties"),
            MultipleOf = Number(raw, "multipleOf"),
            UniqueItems = Flag(raw, "uniqueItems"),
            PreserveUnknownFieldsValue = raw["x-kubernetes-preserve-unknown-fields"] is JsonValue p && p.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                ? p.GetValue<bool>()
                : null,
            IntOrString = Flag(raw, "x-kubernetes-int-or-string"),
            EmbeddedResource = Flag(raw, "x-kubernetes-embedded-resource"),
            ListType = Text(raw, "x-kubernetes-list-type"),
            ListMapKeys = Strings(raw, "x-kubernetes-list-map-keys"),
            MapType = Text(raw, "x-kubernetes-map-type"),
            Validations = raw["x-kubernetes-validations"] as JsonArray,
            AllOf = Schemas(raw, "allOf"),
            AnyOf = Schemas(raw, "anyOf"),
            OneOf = Schemas(raw, "oneOf"),
            Not = raw["not"] is JsonObject not ? Parse(not) : null,
            UnsupportedKeys = [.. Unsupported.Where(raw.ContainsKey)],
        };
    }

    /// <summary>The schema of a property, or of additionalProperties for a map; null when unknown.</summary>
    public SchemaNode? PropertyOrAdditional(string key) =>
        Properties.TryGetValue(key, out var property) ? property : AdditionalProperties;

    private static string? Text(JsonObject raw, string key) =>
        raw[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static bool Flag(JsonObject raw, string key) => raw[key] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static double? Number(JsonObject raw, string key) =>
        raw[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? JsonKinds.AsDouble(v) : null;

    private static long? Integer(JsonObject raw, string key) =>
        raw[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? (long)JsonKinds.AsDouble(v) : null;

    private static List<string> Strings(JsonObject raw, string key) =>
        raw[key] is JsonArray array ? [.. array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>())] : [];

    private static List<SchemaNode> Schemas(JsonObject raw, string key) =>
        raw[key] is JsonArray array ? [.. array.OfType<JsonObject>().Select(Parse)] : [];
}
