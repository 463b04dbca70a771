using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CustomResourceSchema;

/// <summary>
/// The per-node checks of a CRD's openAPIV3Schema (apiextensions-apiserver
/// <c>pkg/apis/apiextensions/validation/validation.go</c>: <c>ValidateCustomResourceDefinitionOpenAPISchema</c>,
/// <c>specStandardValidatorV3.validate</c>, <c>validateMapListKeysMapSet</c> and the
/// <c>x-kubernetes-validations</c> shape checks). CEL rules are not compiled here.
/// </summary>
public static partial class SchemaRules
{
    private static readonly string[] OpenApiTypes = ["array", "boolean", "integer", "number", "object", "string"];
    private static readonly string[] MetaFields = ["apiVersion", "kind", "metadata"];

    /// <summary>What the walk knows about where it is (upstream's specStandardValidator state).</summary>
    private sealed record Context(bool AllowDefaults, string DisallowDefaultsReason, bool InsideResourceMeta)
    {
        public Context ForbidDefaults(string reason) => this with { AllowDefaults = false, DisallowDefaultsReason = reason };
    }

    public static List<FieldError> Validate(SchemaNode schema, string path)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var errors = new List<FieldError>();
        Walk(schema, path, new Context(true, "", false), isRoot: true, errors);
        return errors;
    }

    private static void Walk(SchemaNode s, string path, Context context, bool isRoot, List<FieldError> errors)
    {
        Standard(s, path, context, errors);
        if (s.UniqueItems)
        {
            errors.Add(FieldError.Forbidden(FieldError.Child(path, "uniqueItems"), "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
        }

        if (s.HasAdditionalProperties)
        {
            // properties are for structs, additionalProperties for maps: both contradict the convention of ignoring unknown fields.
            if (s.Properties.Count > 0 && (s.AdditionalProperties is not null || s.AdditionalPropertiesForbidden))
            {
                errors.Add(FieldError.Forbidden(FieldError.Child(path, "additionalProperties"), "additionalProperties and properties are mutual exclusive"));
            }

            if (s.AdditionalProperties is { } additional)
            {
                var sub = context.InsideResourceMeta ? context.ForbidDefaults("inside additionalProperties applying to object metadata") : context;
                Walk(additional, FieldError.Child(path, "additionalProperties"), sub, false, errors);
            }
        }

        foreach (var (key, property) in s.Properties)
        {
            var sub = context;
            if ((isRoot || s.EmbeddedResource) && MetaFields.Contains(key))
            {
                sub = sub with { InsideResourceMeta = true };
                if (isRoot)
                {
                    sub = sub.ForbidDefaults($"in top-level {key}");
                }
            }

            Walk(property, FieldError.Key(FieldError.Child(path, "properties"), key), sub, false, errors);
        }

        if (s.Not is { } not)
        {
            Walk(not, FieldError.Child(path, "not"), context, false, errors);
        }

        foreach (var (junctor, list) in new[] { ("allOf", s.AllOf), ("oneOf", s.OneOf), ("anyOf", s.AnyOf) })
        {
            for (var i = 0; i < list.Count; i++)
            {
                Walk(list[i], FieldError.Index(FieldError.Child(path, junctor), i), context, false, errors);
            }
        }

        if (s.Items is { } items)
        {
            Walk(items, FieldError.Child(path, "items"), context, false, errors);
        }

        if (s.PreserveUnknownFieldsValue == false)
        {
            errors.Add(FieldError.Invalid(FieldError.Child(path, "x-kubernetes-preserve-unknown-fields"), false, "must be true or undefined"));
        }

        MapType(s, path, errors);
        ListType(s, path, errors);
        ListMapKeysAndSets(s, path, errors);
        Validations(s, path, errors);
    }

    /// <summary>specStandardValidatorV3.validate.</summary>
    private static void Standard(SchemaNode s, string path, Context context, List<FieldError> errors)
    {
        if (s.Type.Length > 0 && !OpenApiTypes.Contains(s.Type))
        {
            errors.Add(FieldError.NotSupported(FieldError.Child(path, "type"), s.Type, OpenApiTypes));
        }

        if (s.Default is not null && !context.AllowDefaults)
        {
            var detail = "must not be set" + (context.DisallowDefaultsReason.Length > 0 ? " " + context.DisallowDefaultsReason : "");
            errors.Add(FieldError.Forbidden(FieldError.Child(path, "default"), detail));
        }

        foreach (var key in s.UnsupportedKeys)
        {
            errors.Add(FieldError.Forbidden(FieldError.Child(path, key), $"{key} is not supported"));
        }

        if (s.Type == "null")
        {
            errors.Add(FieldError.Forbidden(FieldError.Child(path, "type"), "type cannot be set to null, use nullable as an alternative"));
        }

        if (s.ItemsIsArray)
        {
            errors.Add(FieldError.Forbidden(FieldError.Child(path, "items"), "items must be a schema object and not an array"));
        }

        if (context.InsideResourceMeta && s.EmbeddedResource)
        {
            errors.Add(FieldError.Forbidden(FieldError.Child(path, "x-kubernetes-embedded-resource"), "must not be used inside of resource meta"));
        }
    }

    private static void MapType(SchemaNode s, string path, List<FieldError> errors)
    {
        if (s.MapType is null)
        {
            return;
        }

        if (s.Type != "object")
        {
            errors.Add(s.Type.Length == 0
                ? FieldError.Required(FieldError.Child(path, "type"), "must be object if x-kubernetes-map-type is specified")
                : FieldError.Invalid(FieldError.Child(path, "type"), s.Type, "must be object if x-kubernetes-map-type is specified"));
        }

        if (s.MapType is not ("atomic" or "granular"))
        {
            errors.Add(FieldError.NotSupported(FieldError.Child(path, "x-kubernetes-map-type"), s.MapType, ["atomic", "granular"]));
        }
    }

    private static void ListType(SchemaNode s, string path, List<FieldError> errors)
    {
        if (s.ListType is not null && s.Type != "array")
        {
            errors.Add(s.Type.Length == 0
                ? FieldError.Required(FieldError.Child(path, "type"), "must be array if x-kubernetes-list-type is specified")
                : FieldError.Invalid(FieldError.Child(path, "type"), s.Type, "must be array if x-kubernetes-list-type is specified"));
        }
        else if (s.ListType == "set" && s.Items is { } set)
        {
            // Items of a set must be atomic: an unset list type is atomic, an unset map type is granular.
            if (set.Type == "array" && set.ListType is not null and not "atomic")
            {
                errors.Add(FieldError.Invalid(FieldError.Child(FieldError.Child(path, "items"), "x-kubernetes-list-type"), set.ListType, "must be atomic as item of a list with x-kubernetes-list-type=set"));
            }

            if (set.Type == "object" && set.MapType != "atomic")
            {
                errors.Add(FieldError.Invalid(FieldError.Child(FieldError.Child(path, "items"), "x-kubernetes-map-type"), set.ListType, "must be atomic as item of a list with x-kubernetes-list-type=set"));
            }
        }

        if (s.ListType is not null and not ("atomic" or "set" or "map"))
        {
            errors.Add(FieldError.NotSupported(FieldError.Child(path, "x-kubernetes-list-type"), s.ListType, ["atomic", "set", "map"]));
        }

        if (s.ListMapKeys.Count > 0 && s.ListType != "map")
        {
            errors.Add(s.ListType is null
                ? FieldError.Required(FieldError.Child(path, "x-kubernetes-list-type"), "must be map if x-kubernetes-list-map-keys is non-empty")
                : FieldError.Invalid(FieldError.Child(path, "x-kubernetes-list-type"), s.ListType, "must be map if x-kubernetes-list-map-keys is non-empty"));
        }

        if (s.ListType != "map")
        {
            return;
        }

        var keysPath = FieldError.Child(path, "x-kubernetes-list-map-keys");
        if (s.ListMapKeys.Count == 0)
        {
            errors.Add(FieldError.Required(keysPath, "must not be empty if x-kubernetes-list-type is map"));
        }

        if (s.Items is null)
        {
            errors.Add(FieldError.Required(FieldError.Child(path, "items"), "must have a schema if x-kubernetes-list-type is map"));
            return;
        }

        if (s.Items.Type != "object")
        {
            errors.Add(FieldError.Invalid(FieldError.Child(FieldError.Child(path, "items"), "type"), s.Items.Type, "must be object if parent array's x-kubernetes-list-type is map"));
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in s.ListMapKeys)
        {
            if (s.Items.Properties.TryGetValue(key, out var keySchema))
            {
                if (keySchema.Type is "array" or "object")
                {
                    var typePath = FieldError.Child(FieldError.Key(FieldError.Child(FieldError.Child(path, "items"), "properties"), key), "type");
                    errors.Add(FieldError.Invalid(typePath, s.Items.Type, "must be a scalar type if parent array's x-kubernetes-list-type is map"));
                }
            }
            else
            {
                errors.Add(FieldError.Invalid(keysPath, s.ListMapKeys, "entries must all be names of item properties"));
            }

            if (!seen.Add(key))
            {
                errors.Add(FieldError.Invalid(keysPath, s.ListMapKeys, "must not contain duplicate entries"));
            }
        }
    }

    /// <summary>validateMapListKeysMapSet: set and map items are not nullable; map keys are required or defaulted.</summary>
    private static void ListMapKeysAndSets(SchemaNode s, string path, List<FieldError> errors)
    {
        if (s.Items is not { } items || s.ListType is not ("set" or "map"))
        {
            return;
        }

        var itemsPath = FieldError.Child(path, "items");
        if (items.Nullable)
        {
            errors.Add(FieldError.Forbidden(FieldError.Child(itemsPath, "nullable"), "cannot be nullable when x-kubernetes-list-type is " + s.ListType));
        }

        if (s.ListType != "map")
        {
            return;
        }

        foreach (var key in s.ListMapKeys)
        {
            if (!items.Properties.TryGetValue(key, out var keySchema))
            {
                continue;
            }

            var keyPath = FieldError.Key(FieldError.Child(itemsPath, "properties"), key);
            if (!items.Required.Contains(key) && keySchema.Default is null)
            {
                errors.Add(FieldError.Required(FieldError.Child(keyPath, "default"), "this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property"));
            }

            if (keySchema.Nullable)
            {
                errors.Add(FieldError.Forbidden(FieldError.Child(keyPath, "nullable"), "this property is in x-kubernetes-list-map-keys, so it cannot be nullable"));
            }
        }
    }

    [GeneratedRegex("[\n\r]+")]
    private static partial Regex Newlines();
}
