using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace SensorOperator.Tests.Api;

/// <summary>
/// The structural part of what the API server checks against a CRD's openAPIV3Schema: types,
/// unknown fields (pruning would drop them silently, so they are errors here), required fields,
/// enums, patterns, lengths and integer and number bounds. CEL rules need an API server and are not evaluated;
/// the planner mirrors them and is tested on its own.
/// </summary>
public static class SchemaValidator
{
    public static List<string> Validate(object? node, V1JSONSchemaProps schema, string path = "")
    {
        var errors = new List<string>();
        Check(node, schema, path, errors);
        return errors;
    }

    private static void Check(object? node, V1JSONSchemaProps schema, string path, List<string> errors)
    {
        switch (schema.Type)
        {
            case "object":
                if (node is not IDictionary dict)
                {
                    errors.Add($"{path}: expected an object");
                    return;
                }

                if (path == ".metadata" || schema.XKubernetesPreserveUnknownFields == true)
                {
                    return; // metadata is validated by the API server's ObjectMeta rules, not the CRD
                }

                foreach (var required in schema.Required ?? [])
                {
                    if (!dict.Contains(required))
                    {
                        errors.Add($"{path}.{required}: required");
                    }
                }

                // A map (labels, annotations): every value against additionalProperties' schema.
                if (schema.Properties is null && schema.AdditionalProperties is { } valueSchemaNode)
                {
                    var valueSchema = k8s.KubernetesYaml.Deserialize<V1JSONSchemaProps>(k8s.KubernetesYaml.Serialize(valueSchemaNode));
                    foreach (DictionaryEntry entry in dict)
                    {
                        Check(entry.Value, valueSchema, $"{path}.{entry.Key}", errors);
                    }

                    return;
                }

                foreach (DictionaryEntry entry in dict)
                {
                    var key = (string)entry.Key;
                    if (schema.Properties is null || !schema.Properties.TryGetValue(key, out var child))
                    {
                        errors.Add($"{path}.{key}: unknown field");
                        continue;
                    }

                    Check(entry.Value, child, $"{path}.{key}", errors);
                }

                break;
            case "array":
                if (node is not IList list)
                {
                    errors.Add($"{path}: expected an array");
                    return;
                }

                for (var i = 0; i < list.Count; i++)
                {
                    Check(list[i], CrdTests.ItemsOf(schema), $"{path}[{i}]", errors);
                }

                break;
            case "string":
                if (node is not string s)
                {
                    errors.Add($"{path}: expected a string, got {node}");
                    return;
                }

                if (schema.MaxLength is { } max && s.Length > max)
                {
                    errors.Add($"{path}: longer than {max}");
                }

                if (schema.MinLength is { } min && s.Length < min)
                {
                    errors.Add($"{path}: shorter than {min}");
                }

                if (schema.Pattern is { } pattern && !Regex.IsMatch(s, pattern, RegexOptions.CultureInvariant))
                {
                    errors.Add($"{path}: \"{s}\" does not match {pattern}");
                }

                if (schema.EnumProperty is { Count: > 0 } values && !values.Select(v => v?.ToString()).Contains(s))
                {
                    errors.Add($"{path}: \"{s}\" is not one of the allowed values");
                }

                break;
            case "integer":
                if (node is not string text || !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                {
                    errors.Add($"{path}: expected an integer, got {node}");
                    return;
                }

                if (schema.Minimum is { } lo && n < lo)
                {
                    errors.Add($"{path}: {n} is below {lo}");
                }

                if (schema.Maximum is { } hi && n > hi)
                {
                    errors.Add($"{path}: {n} is above {hi}");
                }

                break;
            case "number":
                if (node is not string number || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
                {
                    errors.Add($"{path}: expected a number, got {node}");
                    return;
                }

                if (schema.Minimum is { } low && x < low)
                {
                    errors.Add($"{path}: {x.ToString(CultureInfo.InvariantCulture)} is below {low.ToString(CultureInfo.InvariantCulture)}");
                }

                if (schema.Maximum is { } high && x > high)
                {
                    errors.Add($"{path}: {x.ToString(CultureInfo.InvariantCulture)} is above {high.ToString(CultureInfo.InvariantCulture)}");
                }

                break;
            case "boolean":
                if (node is not ("true" or "false"))
                {
                    errors.Add($"{path}: expected true or false, got {node}");
                }

                break;
            default:
                errors.Add($"{path}: schema type {schema.Type} not handled by this validator");
                break;
        }
    }
}
