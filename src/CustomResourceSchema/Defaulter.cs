using System.Text.Json.Nodes;

namespace CustomResourceSchema;

/// <summary>
/// Applies schema defaults (apiextensions-apiserver <c>pkg/apiserver/schema/defaulting/algorithm.go</c>
/// <c>Default</c>): a missing property, or a null where the property is not nullable, gets a copy of
/// its default; then every property is defaulted below, so defaults inside a defaulted object apply
/// too. The API server runs this when it decodes a request and again when it reads from storage.
/// </summary>
public static class Defaulter
{
    public static void Apply(JsonNode? value, SchemaNode? schema)
    {
        if (schema is null)
        {
            return;
        }

        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, property) in schema.Properties)
                {
                    if (property.Default is { } fallback && (!obj.TryGetPropertyValue(key, out var current) || IsNonNullableNull(current, property)))
                    {
                        obj[key] = fallback.DeepClone();
                    }
                }

                foreach (var (key, child) in obj.ToList())
                {
                    Apply(child, schema.PropertyOrAdditional(key));
                }

                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    if (items.Default is { } fallback && IsNonNullableNull(array[i], items))
                    {
                        array[i] = fallback.DeepClone();
                    }

                    Apply(array[i], items);
                }

                break;
        }
    }

    private static bool IsNonNullableNull(JsonNode? value, SchemaNode schema) => value is null && !schema.Nullable;
}
