using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CustomResourceSchema;

/// <summary>
/// What the API server checks when a CustomResourceDefinition (apiextensions.k8s.io/v1) is created
/// or updated: apiextensions-apiserver <c>pkg/apis/apiextensions/validation/validation.go</c>
/// <c>ValidateCustomResourceDefinition</c> → <c>validateCustomResourceDefinitionSpec</c>,
/// <c>ValidateCustomResourceDefinitionNames</c>, <c>validateCustomResourceDefinitionValidation</c>
/// (structural schema, then defaults, then the per-node schema rules),
/// <c>ValidateCustomResourceDefinitionSubresources</c>, <c>ValidateCustomResourceColumnDefinition</c>.
/// </summary>
public static partial class CrdValidator
{
    private static readonly string[] ColumnTypes = ["boolean", "date", "integer", "number", "string"];
    private static readonly string[] ColumnFormats = ["byte", "date", "date-time", "double", "float", "int32", "int64", "password"];

    /// <summary>Root keys allowed beside a status subresource (allowedFieldsAtRootSchema, as JSON keys).</summary>
    private static readonly string[] RootKeysWithStatus =
    [
        "description", "type", "format", "title", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength",
        "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "multipleOf", "required", "items", "properties",
        "externalDocs", "example", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-validations",
    ];

    public static List<FieldError> Validate(JsonObject crd)
    {
        ArgumentNullException.ThrowIfNull(crd);
        var errors = new List<FieldError>();
        var spec = crd["spec"] as JsonObject ?? [];
        var group = JsonKinds.AsString(spec["group"]) ?? "";
        var names = spec["names"] as JsonObject ?? [];
        var plural = JsonKinds.AsString(names["plural"]) ?? "";
        var name = JsonKinds.AsString(crd["metadata"]?["name"]) ?? "";
        if (name != $"{plural}.{group}")
        {
            errors.Add(FieldError.Invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }

        if (group.Length == 0)
        {
            errors.Add(FieldError.Required("spec.group", ""));
        }
        else if (!group.Contains('.', StringComparison.Ordinal))
        {
            errors.Add(FieldError.Invalid("spec.group", group, "should be a domain with at least one dot"));
        }

        var scope = JsonKinds.AsString(spec["scope"]) ?? "";
        if (scope.Length == 0)
        {
            errors.Add(FieldError.Required("spec.scope", ""));
        }
        else if (scope is not ("Cluster" or "Namespaced"))
        {
            errors.Add(FieldError.NotSupported("spec.scope", scope, ["Cluster", "Namespaced"]));
        }

        Versions(spec, errors);
        Names(names, errors);
        if (spec["preserveUnknownFields"] is JsonValue preserve && preserve.ToJsonString() == "true")
        {
            errors.Add(FieldError.Invalid("spec.preserveUnknownFields", true, "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in openAPIV3Schema instead"));
        }

        return errors;
    }

    /// <summary>
    /// The v1 object is converted to the internal one before validation: a schema, subresources or
    /// columns that every version shares are moved up to <c>spec.validation</c>,
    /// <c>spec.subresources</c> and <c>spec.additionalPrinterColumns</c>, which is where the errors
    /// about them then point (as the quoted real-server message for a one-version CRD shows).
    /// </summary>
    private static void Versions(JsonObject spec, List<FieldError> errors)
    {
        var versions = (spec["versions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (versions.Count(v => v["storage"]?.ToJsonString() == "true") != 1)
        {
            errors.Add(FieldError.Invalid("spec.versions", "", "must have exactly one version marked as storage version"));
        }

        var versionNames = versions.Select(v => JsonKinds.AsString(v["name"]) ?? "").ToList();
        if (versionNames.Distinct(StringComparer.Ordinal).Count() != versionNames.Count)
        {
            errors.Add(FieldError.Invalid("spec.versions", "", "must contain unique version names"));
        }

        bool Shared(string key) => versions.Count > 0 && versions.All(v => v[key] is not null && JsonNode.DeepEquals(v[key], versions[0][key]));
        var sharedSchema = Shared("schema");
        var sharedSubresources = Shared("subresources");
        var sharedColumns = Shared("additionalPrinterColumns");
        for (var i = 0; i < versions.Count; i++)
        {
            var at = FieldError.Index("spec.versions", i);
            if (!DnsLabel().IsMatch(versionNames[i]))
            {
                errors.Add(FieldError.Invalid(FieldError.Child(at, "name"), versionNames[i], DnsLabelMessage));
            }

            if (versions[i]["schema"]?["openAPIV3Schema"] is not JsonObject)
            {
                errors.Add(FieldError.Required($"{at}.schema.openAPIV3Schema", "schemas are required"));
            }
            else if (!sharedSchema || i == 0)
            {
                var statusEnabled = versions[i]["subresources"]?["status"] is not null;
                errors.AddRange(Schema((JsonObject)versions[i]["schema"]!["openAPIV3Schema"]!, sharedSchema ? "spec.validation" : $"{at}.schema", statusEnabled));
            }

            if (!sharedSubresources || i == 0)
            {
                Subresources(versions[i]["subresources"] as JsonObject, sharedSubresources ? "spec.subresources" : FieldError.Child(at, "subresources"), errors);
            }

            if (!sharedColumns || i == 0)
            {
                var columns = (versions[i]["additionalPrinterColumns"] as JsonArray ?? []).OfType<JsonObject>().ToList();
                for (var c = 0; c < columns.Count; c++)
                {
                    Column(columns[c], FieldError.Index(sharedColumns ? "spec.additionalPrinterColumns" : FieldError.Child(at, "additionalPrinterColumns"), c), errors);
                }
            }
        }
    }

    /// <summary>validateCustomResourceDefinitionValidation for one schema.</summary>
    public static List<FieldError> Schema(JsonObject openApiV3Schema, string validationPath, bool statusEnabled)
    {
        ArgumentNullException.ThrowIfNull(openApiV3Schema);
        var errors = new List<FieldError>();
        var path = FieldError.Child(validationPath, "openAPIV3Schema");
        var schema = SchemaNode.Parse(openApiV3Schema);
        if (statusEnabled && schema.Type.Length > 0 && schema.Type != "object")
        {
            errors.Add(FieldError.Invalid(path + ".type", schema.Type, "only \"object\" is allowed as the type at the root of the schema if the status subresource is enabled"));
        }
        else if (statusEnabled && openApiV3Schema.Select(p => p.Key).FirstOrDefault(k => !RootKeysWithStatus.Contains(k)) is { } key)
        {
            errors.Add(FieldError.Invalid(path, key, "only [Description Type Format Title Maximum ExclusiveMaximum Minimum ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items Properties ExternalDocs Example XPreserveUnknownFields XValidations] fields are allowed at the root of the schema if the status subresource is enabled"));
        }

        if (schema.Nullable)
        {
            errors.Add(FieldError.Forbidden(path + ".nullable", "nullable cannot be true at the root"));
        }

        var structural = StructuralRules.Validate(schema, path);
        errors.AddRange(structural.Count > 0 ? structural : DefaultsRules.Validate(schema, path));
        errors.AddRange(SchemaRules.Validate(schema, path));
        return errors;
    }

    private static void Subresources(JsonObject? subresources, string path, List<FieldError> errors)
    {
        if (subresources?["scale"] is not JsonObject scale)
        {
            return;
        }

        void ScalePath(string key, string[] prefixes, string under, bool required)
        {
            var at = $"{path}.scale.{key}";
            var value = JsonKinds.AsString(scale[key]) ?? "";
            if (value.Length == 0)
            {
                if (required)
                {
                    errors.Add(FieldError.Required(at, ""));
                }

                return;
            }

            if (SimpleJsonPath(value, at) is { } invalid)
            {
                errors.Add(invalid);
            }
            else if (!prefixes.Any(p => value.StartsWith(p, StringComparison.Ordinal)))
            {
                errors.Add(FieldError.Invalid(at, value, $"should be a json path under {under}"));
            }
        }

        ScalePath("specReplicasPath", [".spec."], ".spec", required: true);
        ScalePath("statusReplicasPath", [".status."], ".status", required: true);
        ScalePath("labelSelectorPath", [".spec.", ".status."], "either .spec or .status", required: false);
    }

    private static void Column(JsonObject column, string path, List<FieldError> errors)
    {
        if ((JsonKinds.AsString(column["name"]) ?? "").Length == 0)
        {
            errors.Add(FieldError.Required(FieldError.Child(path, "name"), ""));
        }

        var type = JsonKinds.AsString(column["type"]) ?? "";
        var typeDetail = "must be one of " + string.Join(",", ColumnTypes);
        if (type.Length == 0)
        {
            errors.Add(FieldError.Required(FieldError.Child(path, "type"), typeDetail));
        }
        else if (!ColumnTypes.Contains(type))
        {
            errors.Add(FieldError.Invalid(FieldError.Child(path, "type"), type, typeDetail));
        }

        if (JsonKinds.AsString(column["format"]) is { Length: > 0 } format && !ColumnFormats.Contains(format))
        {
            errors.Add(FieldError.Invalid(FieldError.Child(path, "format"), format, "must be one of " + string.Join(",", ColumnFormats)));
        }

        // Upstream names the field by its Go name here: ...additionalPrinterColumns[0].JSONPath.
        var jsonPath = JsonKinds.AsString(column["jsonPath"]) ?? "";
        if (jsonPath.Length == 0)
        {
            errors.Add(FieldError.Required(FieldError.Child(path, "JSONPath"), ""));
        }
        else if (SimpleJsonPath(jsonPath, FieldError.Child(path, "JSONPath")) is { } invalid)
        {
            errors.Add(invalid);
        }
    }

    /// <summary>validateSimpleJSONPath.</summary>
    private static FieldError? SimpleJsonPath(string value, string path) =>
        value[0] != '.' ? FieldError.Invalid(path, value, "must be a simple json path starting with .") : null;

    private static void Names(JsonObject names, List<FieldError> errors)
    {
        foreach (var key in new[] { "plural", "singular", "kind", "listKind" })
        {
            if ((JsonKinds.AsString(names[key]) ?? "").Length == 0)
            {
                errors.Add(FieldError.Required($"spec.names.{key}", ""));
            }
        }

        foreach (var key in new[] { "plural", "singular" })
        {
            if (JsonKinds.AsString(names[key]) is { Length: > 0 } value && !DnsLabel().IsMatch(value))
            {
                errors.Add(FieldError.Invalid($"spec.names.{key}", value, DnsLabelMessage));
            }
        }

        foreach (var key in new[] { "kind", "listKind" })
        {
            if (JsonKinds.AsString(names[key]) is { Length: > 0 } value && !DnsLabel().IsMatch(value.ToLowerInvariant()))
            {
                errors.Add(FieldError.Invalid($"spec.names.{key}", value, "may have mixed case, but should otherwise match: " + DnsLabelMessage));
            }
        }

        if (JsonKinds.AsString(names["kind"]) is { Length: > 0 } kind && kind == JsonKinds.AsString(names["listKind"]))
        {
            errors.Add(FieldError.Invalid("spec.names.listKind", kind, "kind and listKind may not be the same"));
        }

        foreach (var key in new[] { "shortNames", "categories" })
        {
            var list = (names[key] as JsonArray ?? []).Select(JsonKinds.AsString).ToList();
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is not { } value || !DnsLabel().IsMatch(value))
                {
                    errors.Add(FieldError.Invalid(FieldError.Index($"spec.names.{key}", i), list[i] ?? "", DnsLabelMessage));
                }
            }
        }
    }

    /// <summary>utilvalidation.IsDNS1035Label's message for a value that is not a label.</summary>
    private const string DnsLabelMessage =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    [GeneratedRegex("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();
}
