using System.Text.RegularExpressions;

namespace CustomResourceSchema;

/// <summary>
/// The structural-schema invariants (apiextensions-apiserver <c>pkg/apiserver/schema/validation.go</c>
/// <c>ValidateStructural</c>: <c>validateStructuralInvariants</c>,
/// <c>validateStructuralMetadataInvariants</c>, <c>validateExtensions</c>,
/// <c>validateValueValidation</c>, <c>validateNestedValueValidation</c>). Errors come sorted by their
/// text, as upstream sorts them.
/// </summary>
public static class StructuralRules
{
    private enum Level
    {
        Root,
        Item,
        Field,
    }

    /// <summary>Keys a metadata schema may carry (its type and default are cleared before the comparison).</summary>
    private static readonly string[] MetadataAllowedKeys = ["type", "default", "properties"];

    public static List<FieldError> Validate(SchemaNode schema, string path)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var errors = new List<FieldError>();
        Invariants(schema, Level.Root, path, errors);
        errors.Sort((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        return errors;
    }

    /// <summary>validateStructuralInvariants.</summary>
    private static void Invariants(SchemaNode s, Level level, string path, List<FieldError> errors)
    {
        if (s.Type == "array" && s.Items is null)
        {
            errors.Add(FieldError.Required(FieldError.Child(path, "items"), "must be specified"));
        }

        if (s.Items is { } items)
        {
            Invariants(items, Level.Item, FieldError.Child(path, "items"), errors);
        }

        foreach (var (key, property) in s.Properties)
        {
            Invariants(property, Level.Field, FieldError.Key(FieldError.Child(path, "properties"), key), errors);
        }

        if (s.HasAdditionalProperties)
        {
            if (level == Level.Root)
            {
                errors.Add(FieldError.Forbidden(FieldError.Child(path, "additionalProperties"), "must not be used at the root"));
            }

            if (s.AdditionalProperties is { } additional)
            {
                Invariants(additional, Level.Field, FieldError.Child(path, "additionalProperties"), errors);
            }
        }

        Extensions(s, path, errors);
        ValueValidation(s, path, errors);

        var checkMetadata = level == Level.Root || s.EmbeddedResource;
        if (s.EmbeddedResource && s.Type != "object")
        {
            errors.Add(s.Type.Length == 0
                ? FieldError.Required(FieldError.Child(path, "type"), "must be object if x-kubernetes-embedded-resource is true")
                : FieldError.Invalid(FieldError.Child(path, "type"), s.Type, "must be object if x-kubernetes-embedded-resource is true"));
        }
        else if (s.Type.Length == 0 && !s.IntOrString && !s.PreserveUnknownFields)
        {
            var where = level switch
            {
                Level.Root => "at the root",
                Level.Item => "for specified array items",
                _ => "for specified object fields",
            };
            errors.Add(FieldError.Required(FieldError.Child(path, "type"), $"must not be empty {where}"));
        }

        if (s.EmbeddedResource && s.HasAdditionalProperties)
        {
            errors.Add(FieldError.Forbidden(FieldError.Child(path, "additionalProperties"), "must not be used if x-kubernetes-embedded-resource is set"));
        }

        if (level == Level.Root && s.Type.Length > 0 && s.Type != "object")
        {
            errors.Add(FieldError.Invalid(FieldError.Child(path, "type"), s.Type, "must be object at the root"));
        }

        foreach (var meta in new[] { "kind", "apiVersion" })
        {
            if (checkMetadata && s.Properties.TryGetValue(meta, out var typeMeta) && typeMeta.Type != "string")
            {
                errors.Add(FieldError.Invalid(FieldError.Child(FieldError.Key(FieldError.Child(path, "properties"), meta), "type"), typeMeta.Type, "must be string"));
            }
        }

        if (s.Properties.TryGetValue("metadata", out var metadata))
        {
            MetadataInvariants(metadata, checkMetadata, level, FieldError.Key(FieldError.Child(path, "properties"), "metadata"), errors);
        }

        if (s.EmbeddedResource && !s.PreserveUnknownFields && s.Properties.Count == 0)
        {
            errors.Add(FieldError.Required(FieldError.Child(path, "properties"), "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"));
        }
    }

    /// <summary>
    /// validateStructuralMetadataInvariants: at the root, metadata may restrict only name and
    /// generateName. Upstream clears type, default and a name/generateName-only property list, then
    /// requires nothing else to be left: a description is enough to be refused (kubernetes#100933).
    /// </summary>
    private static void MetadataInvariants(SchemaNode s, bool checkMetadata, Level level, string path, List<FieldError> errors)
    {
        if (checkMetadata && s.Type != "object")
        {
            errors.Add(FieldError.Invalid(FieldError.Child(path, "type"), s.Type, "must be object"));
        }

        if (level != Level.Root)
        {
            return;
        }

        var onlyNames = s.Properties.Keys.All(k => k is "name" or "generateName");
        var leftOver = s.Raw.Select(p => p.Key).Any(k => !MetadataAllowedKeys.Contains(k)) || !onlyNames;
        if (leftOver)
        {
            errors.Add(FieldError.Forbidden(path, "must not specify anything other than name and generateName, but metadata is implicitly specified"));
        }
    }

    /// <summary>validateExtensions.</summary>
    private static void Extensions(SchemaNode s, string path, List<FieldError> errors)
    {
        if (s.IntOrString && s.PreserveUnknownFields)
        {
            errors.Add(FieldError.Invalid(FieldError.Child(path, "x-kubernetes-preserve-unknown-fields"), true, "must be false if x-kubernetes-int-or-string is true"));
        }

        if (s.IntOrString && s.EmbeddedResource)
        {
            errors.Add(FieldError.Invalid(FieldError.Child(path, "x-kubernetes-embedded-resource"), true, "must be false if x-kubernetes-int-or-string is true"));
        }
    }

    /// <summary>validateValueValidation: junctors may only validate values, never declare structure.</summary>
    private static void ValueValidation(SchemaNode s, string path, List<FieldError> errors)
    {
        var skipAnyOf = IsIntOrStringAnyOf(s.AnyOf);
        var skipFirstAllOfAnyOf = s.AllOf.Count > 0 && IsIntOrStringAnyOf(s.AllOf[0].AnyOf);
        if (!skipAnyOf)
        {
            for (var i = 0; i < s.AnyOf.Count; i++)
            {
                Nested(s.AnyOf[i], false, FieldError.Index(FieldError.Child(path, "anyOf"), i), errors);
            }
        }

        for (var i = 0; i < s.AllOf.Count; i++)
        {
            Nested(s.AllOf[i], skipFirstAllOfAnyOf && i == 0, FieldError.Index(FieldError.Child(path, "allOf"), i), errors);
        }

        for (var i = 0; i < s.OneOf.Count; i++)
        {
            Nested(s.OneOf[i], false, FieldError.Index(FieldError.Child(path, "oneOf"), i), errors);
        }

        if (s.Not is { } not)
        {
            Nested(not, false, FieldError.Child(path, "not"), errors);
        }

        if (s.Pattern.Length > 0)
        {
            try
            {
                _ = new Regex(s.Pattern, RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                errors.Add(FieldError.Invalid(FieldError.Child(path, "pattern"), s.Pattern, $"must be a valid regular expression, but isn't: {e.Message}"));
            }
        }
    }

    /// <summary>validateNestedValueValidation.</summary>
    private static void Nested(SchemaNode v, bool skipAnyOf, string path, List<FieldError> errors)
    {
        if (!skipAnyOf)
        {
            for (var i = 0; i < v.AnyOf.Count; i++)
            {
                Nested(v.AnyOf[i], false, FieldError.Index(FieldError.Child(path, "anyOf"), i), errors);
            }
        }

        foreach (var (junctor, list) in new[] { ("allOf", v.AllOf), ("oneOf", v.OneOf) })
        {
            for (var i = 0; i < list.Count; i++)
            {
                Nested(list[i], false, FieldError.Index(FieldError.Child(path, junctor), i), errors);
            }
        }

        if (v.Not is { } not)
        {
            Nested(not, false, FieldError.Child(path, "not"), errors);
        }

        if (v.Items is { } items)
        {
            Nested(items, false, FieldError.Child(path, "items"), errors);
        }

        foreach (var (key, property) in v.Properties)
        {
            Nested(property, false, FieldError.Key(FieldError.Child(path, "properties"), key), errors);
        }

        void Forbid(bool present, string key, string detail)
        {
            if (present)
            {
                errors.Add(FieldError.Forbidden(FieldError.Child(path, key), detail));
            }
        }

        Forbid(v.Type.Length > 0, "type", "must be empty to be structural");
        Forbid(v.HasAdditionalProperties, "additionalProperties", "must be undefined to be structural");
        Forbid(v.Default is not null, "default", "must be undefined to be structural");
        Forbid(v.Title.Length > 0, "title", "must be empty to be structural");
        Forbid(v.Description.Length > 0, "description", "must be empty to be structural");
        Forbid(v.Nullable, "nullable", "must be false to be structural");
        Forbid(v.PreserveUnknownFields, "x-kubernetes-preserve-unknown-fields", "must be false to be structural");
        Forbid(v.EmbeddedResource, "x-kubernetes-embedded-resource", "must be false to be structural");
        Forbid(v.IntOrString, "x-kubernetes-int-or-string", "must be false to be structural");
        Forbid(v.ListMapKeys.Count > 0, "x-kubernetes-list-map-keys", "must be empty to be structural");
        Forbid(v.ListType is not null, "x-kubernetes-list-type", "must be undefined to be structural");
        Forbid(v.MapType is not null, "x-kubernetes-map-type", "must be undefined to be structural");
        Forbid(v.Validations is { Count: > 0 }, "x-kubernetes-validations", "must be empty to be structural");
        if (v.Properties.ContainsKey("metadata"))
        {
            errors.Add(FieldError.Forbidden(FieldError.Key(FieldError.Child(path, "properties"), "metadata"), "must not be specified in a nested context"));
        }
    }

    /// <summary>The int-or-string exception: exactly <c>anyOf: [{type: integer}, {type: string}]</c>.</summary>
    private static bool IsIntOrStringAnyOf(IReadOnlyList<SchemaNode> anyOf) =>
        anyOf.Count == 2 && anyOf[0].Raw.Count == 1 && anyOf[0].Type == "integer" && anyOf[1].Raw.Count == 1 && anyOf[1].Type == "string";
}
