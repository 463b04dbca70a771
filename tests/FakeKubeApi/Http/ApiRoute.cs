using Microsoft.AspNetCore.Http;

namespace SensorStack.FakeKubeApi.Http;

internal enum RouteKind
{
    /// <summary>/api, /api/v1, /apis, /apis/{group}, /apis/{group}/{version}, /version, /healthz.</summary>
    Discovery,
    Resource,
}

/// <summary>What a request path names: a discovery document, or a resource (collection, object, subresource).</summary>
internal sealed record ApiRoute(
    RouteKind Kind,
    string Path,
    string Verb,
    ResourceType? Type = null,
    string? Namespace = null,
    string? Name = null,
    string? Subresource = null)
{
    /// <summary>The resource as counted and matched by fault rules (<c>deployments.apps/status</c>).</summary>
    public string CounterResource => Type is null ? "discovery" : Subresource is null ? Type.Id : $"{Type.Id}/{Subresource}";

    /// <summary>
    /// Parses <c>/api/v1/namespaces/{ns}/{plural}/{name}/{sub}</c> and
    /// <c>/apis/{group}/{version}/...</c>; a trailing slash (as the client's metrics helpers send
    /// for an empty name) names the collection. <paramref name="servesPodResize"/>: whether
    /// <c>pods/{name}/resize</c> exists (Kubernetes 1.33 and later).
    /// </summary>
    public static ApiRoute Parse(HttpRequest request, ResourceRegistry registry, bool servesPodResize = false)
    {
        var path = request.Path.Value ?? "/";
        var segments = path.Trim('/').Split('/');
        var isWatch = IsTrue(request.Query["watch"]);

        string group, version;
        string[] rest;
        switch (segments)
        {
            case ["api", "v1", _, ..]:
                (group, version, rest) = ("", "v1", segments[2..]);
                break;
            case ["apis", var g, var v, _, ..] when segments[3].Length > 0:
                (group, version, rest) = (g, v, segments[3..]);
                break;
            default:
                return new ApiRoute(RouteKind.Discovery, path, "get");
        }

        string? ns = null;
        if (rest is ["namespaces", var n, var plural, ..] && plural.Length > 0 && !(rest.Length == 3 && plural is "status" or "finalize"))
        {
            ns = n;
            rest = rest[2..];
        }

        var type = registry.Find(group, version, rest[0])
            ?? throw new StatusException(404, "NotFound", $"the server could not find the requested resource ({request.Method} {path})");
        var name = rest.Length > 1 && rest[1].Length > 0 ? Uri.UnescapeDataString(rest[1]) : null;
        var subresource = rest.Length > 2 && rest[2].Length > 0 ? rest[2] : null;
        if (rest.Length > 3 || (subresource is not null && !(subresource == "status" && type.HasStatus) && !(subresource == "resize" && servesPodResize && type == BuiltInResources.Pods)))
        {
            throw new StatusException(404, "NotFound", $"the server could not find the requested resource ({request.Method} {path})");
        }

        if (!type.Namespaced && ns is not null)
        {
            throw new StatusException(404, "NotFound", $"{type.Id} is cluster-scoped: no namespace in its path");
        }

        if (type.Namespaced && ns is null && name is not null)
        {
            throw new StatusException(404, "NotFound", $"{type.Id} is namespaced: the path needs /namespaces/{{namespace}}/");
        }

        var verb = (request.Method, name) switch
        {
            ("GET", null) => isWatch ? "watch" : "list",
            ("GET", _) => "get",
            ("POST", null) => "create",
            ("PUT", not null) => "update",
            ("PATCH", not null) => "patch",
            ("DELETE", null) => "deletecollection",
            ("DELETE", _) => "delete",
            _ => throw StatusException.MethodNotAllowed($"{request.Method} is not supported on {path}"),
        };
        return new ApiRoute(RouteKind.Resource, path, verb, type, ns, name, subresource);
    }

    internal static bool IsTrue(string? value) => value is "1" or "true" or "True";
}
