using System.Text.Json.Nodes;
using CustomResourceSchema;
using SensorStack.FakeKubeApi.Http;
using SensorStack.FakeKubeApi.Store;

namespace SensorStack.FakeKubeApi.Admission;

/// <summary>
/// Connects the shared schema rules (the CustomResourceSchema library) to the fake's requests:
/// CRD validation on CRD writes, pruning/defaulting/validation of custom resources with the
/// <c>fieldValidation</c> directive, and defaulting on read.
/// </summary>
internal static class CustomResourceAdmissions
{
    private const string CrdGroup = "apiextensions.k8s.io";
    private const string CrdKind = "CustomResourceDefinition";

    /// <summary>
    /// The checks of one write. <paramref name="fieldValidation"/> is the query parameter; when it
    /// is absent the server uses <c>Warn</c> (apiserver <c>pkg/endpoints/handlers/rest.go</c>
    /// <c>fieldValidation</c>, the default since server-side field validation went GA in 1.27;
    /// kubectl sends Strict itself, client-go sends nothing).
    /// </summary>
    public static WriteAdmission? For(ResourceType type, string fieldValidation, List<string> warnings)
    {
        if (type == BuiltInResources.CustomResourceDefinitions)
        {
            return new WriteAdmission(_ => { }, (crd, _) => ThrowIfInvalid(crd));
        }

        if (type.Admission is not { } schema)
        {
            return null;
        }

        var directive = fieldValidation.Length == 0 ? "Warn" : fieldValidation;
        if (directive is not ("Strict" or "Warn" or "Ignore"))
        {
            throw StatusException.BadRequest($"fieldValidation: Unsupported value: {GoFormat.Quote(directive)}: supported values: \"Ignore\", \"Warn\", \"Strict\"");
        }

        return new WriteAdmission(
            obj =>
            {
                // Unknown fields are pruned while the body is decoded (customresource_handler's
                // codec); Strict refuses them as a strict decoding error, Warn reports each one.
                var unknown = schema.Decode(obj).Select(CustomResourceAdmission.UnknownField).ToList();
                if (unknown.Count == 0 || directive == "Ignore")
                {
                    return;
                }

                if (directive == "Strict")
                {
                    throw StatusException.BadRequest("strict decoding error: " + string.Join(", ", unknown));
                }

                warnings.AddRange(unknown);
            },
            (obj, old) =>
            {
                var errors = schema.Validate(obj, old);
                if (errors.Count > 0)
                {
                    throw StatusException.Invalid(type.Group, type.Kind, obj.Name() ?? "", errors);
                }
            });
    }

    /// <summary>Refuses a CRD the API server would refuse (422 Invalid with causes).</summary>
    public static void ThrowIfInvalid(JsonObject crd)
    {
        var errors = CrdValidator.Validate(crd);
        if (errors.Count > 0)
        {
            throw StatusException.Invalid(CrdGroup, CrdKind, crd.Name() ?? "", errors);
        }
    }

    /// <summary>
    /// Server-side apply builds a typed object from the applied configuration first
    /// (structured-merge-diff <c>ObjectToTyped</c>), which fails on any field the schema does not
    /// declare, whatever <c>fieldValidation</c> says: the error is not a Status error upstream, so
    /// the server answers 500 with the bare message.
    /// </summary>
    public static void CheckApplied(ResourceType type, string? ns, string name, JsonObject applied)
    {
        if (type.Admission is not { } schema)
        {
            return;
        }

        var unknown = Pruner.Prune(applied.DeepClone(), schema.Schema, isResourceRoot: true)
            .Select(path => $".{path}: field not declared in schema")
            .ToList();
        if (unknown.Count == 0)
        {
            return;
        }

        var errors = unknown.Count == 1 ? unknown[0] : "errors:\n  " + string.Join("\n  ", unknown);
        throw new StatusException(500, "", $"failed to create typed patch object ({ns}/{name}; {type.ApiVersion}, Kind={type.Kind}): {errors}");
    }

    /// <summary>A custom resource as a read returns it: pruned and defaulted again, as the storage decoder does.</summary>
    public static JsonObject ForRead(ResourceType type, JsonObject obj)
    {
        if (type.Admission is not { } schema)
        {
            return obj;
        }

        var copy = obj.CloneObject();
        schema.Decode(copy);
        return copy;
    }
}
