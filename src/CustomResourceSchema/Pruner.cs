using System.Text.Json.Nodes;

namespace CustomResourceSchema;

/// <summary>
/// Drops fields a structural schema does not declare, as the API server does when it decodes a
/// custom resource (apiextensions-apiserver <c>pkg/apiserver/schema/pruning/algorithm.go</c>
/// <c>PruneWithOptions</c>): <c>x-kubernetes-preserve-unknown-fields</c> keeps unknown fields (and
/// prunes below known ones), <c>additionalProperties</c> applies its schema to every value, and at a
/// resource root <c>apiVersion</c>, <c>kind</c> and <c>metadata</c> always stay (metadata is
/// ObjectMeta's business, not the schema's).
/// </summary>
public static class Pruner
{
    private static readonly string[] MetaFields = ["apiVersion", "kind", "metadata"];

    /// <summary>Prunes <paramref name="value"/> in place; returns the paths removed (<c>spec.x</c>, <c>spec.list[0].y</c>).</summary>
    public static List<string> Prune(JsonNode? value, SchemaNode schema, bool isResourceRoot)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var pruned = new List<string>();
        Walk(value, schema, isResourceRoot, "", pruned);
        return pruned;
    }

    private static void Walk(JsonNode? value, SchemaNode? schema, bool isResourceRoot, string path, List<string> pruned)
    {
        switch (value)
        {
            case JsonObject obj:
                var embedded = isResourceRoot || schema?.EmbeddedResource == true;
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var child = FieldError.Child(path, key);
                    if (embedded && MetaFields.Contains(key))
                    {
                        continue;
                    }

                    if (schema?.Properties.TryGetValue(key, out var property) == true)
                    {
                        Walk(obj[key], property, false, child, pruned);
                    }
                    else if (schema?.AdditionalProperties is { } additional)
                    {
                        Walk(obj[key], additional, false, child, pruned);
                    }
                    else if (schema is null || schema.PreserveUnknownFields || (schema.HasAdditionalProperties && !schema.AdditionalPropertiesForbidden))
                    {
                        // Unknown but preserved: nothing below it is known either.
                    }
                    else
                    {
                        obj.Remove(key);
                        pruned.Add(child);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], schema?.Items, false, FieldError.Index(path, i), pruned);
                }

                break;
        }
    }
}
