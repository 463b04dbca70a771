using System.Text.Json.Nodes;

namespace CustomResourceSchema;

/// <summary>
/// What happens to a custom resource between the request and storage, in the API server's order:
/// decoding prunes unknown fields and applies defaults (customresource_handler's codec with
/// <c>pruning.PruneWithOptions</c> and <c>structuraldefaulting.Default</c>; the same runs when
/// objects are read back from storage), then the schema validates the result
/// (<c>customResourceStrategy.Validate</c> → <c>ValidateCustomResource</c>).
/// </summary>
public sealed class CustomResourceAdmission
{
    public CustomResourceAdmission(SchemaNode schema)
    {
        Schema = schema ?? throw new ArgumentNullException(nameof(schema));
    }

    public SchemaNode Schema { get; }

    /// <summary>The schema of one served version of a CRD (apiextensions.k8s.io/v1 JSON), or null when it declares none.</summary>
    public static CustomResourceAdmission? ForVersion(JsonObject crd, string version)
    {
        ArgumentNullException.ThrowIfNull(crd);
        var entry = (crd["spec"]?["versions"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(v => JsonKinds.AsString(v["name"]) == version);
        return entry?["schema"]?["openAPIV3Schema"] is JsonObject schema ? new CustomResourceAdmission(SchemaNode.Parse(schema)) : null;
    }

    /// <summary>Prunes and defaults <paramref name="obj"/> in place; returns the unknown fields it dropped.</summary>
    public List<string> Decode(JsonObject obj)
    {
        var unknown = Pruner.Prune(obj, Schema, isResourceRoot: true);
        Defaulter.Apply(obj, Schema);
        return unknown;
    }

    /// <summary>
    /// The schema errors of a decoded object (empty when it is valid). On an update (<paramref name="old"/>
    /// given) errors in parts the update leaves unchanged are dropped: CRD validation ratcheting
    /// (KEP-4008, on by default since Kubernetes 1.30), so a status write is not refused for a spec
    /// stored before the schema got stricter.
    /// </summary>
    public List<FieldError> Validate(JsonObject obj, JsonObject? old = null)
    {
        var errors = ValueValidator.Validate(obj, Schema);
        return old is null ? errors : [.. errors.Where(e => !Unchanged(e, obj, old))];
    }

    private static bool Unchanged(FieldError error, JsonObject obj, JsonObject old)
    {
        // A missing required field has no value of its own: its parent is what did not change.
        var path = error.Type == FieldErrorType.Required && error.Field.LastIndexOf('.') is var dot and > 0 ? error.Field[..dot] : error.Field;
        return FieldPaths.TryResolve(obj, path, out var now) && FieldPaths.TryResolve(old, path, out var before) && JsonNode.DeepEquals(now, before);
    }

    /// <summary>The text the API server gives an unknown field in a strict error or a warning.</summary>
    public static string UnknownField(string path) => $"unknown field \"{path}\"";
}
