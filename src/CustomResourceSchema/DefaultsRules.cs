using System.Text.Json.Nodes;

namespace CustomResourceSchema;

/// <summary>
/// Defaults must be values the schema accepts and must survive pruning unchanged
/// (apiextensions-apiserver <c>pkg/apiserver/schema/defaulting/validation.go</c> <c>ValidateDefaults</c>,
/// with requirePrunedDefaults as for every v1 CRD).
/// </summary>
public static class DefaultsRules
{
    public static List<FieldError> Validate(SchemaNode schema, string path)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var errors = new List<FieldError>();
        Walk(schema, path, errors);
        return errors;
    }

    private static void Walk(SchemaNode s, string path, List<FieldError> errors)
    {
        if (s.Default is { } value)
        {
            var defaultPath = FieldError.Child(path, "default");
            var pruned = value.DeepClone();
            Pruner.Prune(pruned, s, s.EmbeddedResource);
            if (!JsonNode.DeepEquals(pruned, value))
            {
                errors.Add(FieldError.Invalid(defaultPath, value, "must not have unknown fields"));
            }

            errors.AddRange(ValueValidator.Validate(value, s, defaultPath));
        }

        if (s.Items is { } items)
        {
            Walk(items, FieldError.Child(path, "items"), errors);
        }

        foreach (var (key, property) in s.Properties)
        {
            Walk(property, FieldError.Key(FieldError.Child(path, "properties"), key), errors);
        }

        if (s.AdditionalProperties is { } additional)
        {
            Walk(additional, FieldError.Child(path, "additionalProperties"), errors);
        }
    }
}
