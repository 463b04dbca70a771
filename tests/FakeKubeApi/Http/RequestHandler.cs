using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomResourceSchema;
using Microsoft.AspNetCore.Http;
using SensorStack.FakeKubeApi.Admission;
using SensorStack.FakeKubeApi.Discovery;
using SensorStack.FakeKubeApi.Faults;
using SensorStack.FakeKubeApi.Patching;
using SensorStack.FakeKubeApi.Resize;
using SensorStack.FakeKubeApi.Selectors;
using SensorStack.FakeKubeApi.Store;
using SensorStack.FakeKubeApi.Watch;

namespace SensorStack.FakeKubeApi.Http;

/// <summary>
/// Turns one HTTP request into a store operation: route, count, inject faults, serve, and answer
/// failures with a Status body.
/// </summary>
internal sealed class RequestHandler(
    ObjectStore store,
    ResourceRegistry registry,
    FaultInjector faults,
    RequestCounters counters,
    FakeKubeApiOptions options,
    Func<string> serverAddress,
    Action<Exception> unexpected)
{
    public async Task HandleAsync(HttpContext context)
    {
        ApiRoute? route = null;
        try
        {
            route = ApiRoute.Parse(context.Request, registry, options.ServesPodResize);
            if (route.Kind == RouteKind.Resource && faults.Pick(route.Verb, route.CounterResource) is { } fault)
            {
                if (fault.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(fault.Delay, options.TimeProvider, context.RequestAborted);
                }

                if (fault.StatusCode > 0)
                {
                    throw FaultInjector.ErrorFor(fault);
                }
            }

            await ServeAsync(context, route);
        }
        catch (StatusException e) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, e);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-request (a cancelled call or a closed watch): nobody to answer.
            context.Response.StatusCode = 499;
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            // A bug in the fake: answer 500 so the test sees it, and record it for assertions.
            unexpected(e);
            await WriteErrorAsync(context, new StatusException(500, "InternalError", $"fake API server failure: {e}"));
        }
        finally
        {
            counters.Record(route?.Verb ?? context.Request.Method.ToLowerInvariant(), route?.CounterResource ?? "unknown", context.Response.StatusCode);
        }
    }

    private async Task ServeAsync(HttpContext context, ApiRoute route)
    {
        if (route.Kind == RouteKind.Discovery)
        {
            if (route.Path.Trim('/') is "healthz" or "readyz" or "livez")
            {
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("ok");
                return;
            }

            await WriteJsonAsync(context, 200, DiscoveryDocuments.For(route.Path, registry, serverAddress(), options));
            return;
        }

        var type = route.Type!;
        if (type.ReadOnly && route.Verb is not ("get" or "list" or "watch"))
        {
            throw StatusException.MethodNotAllowed($"{type.Id} is read-only through the API");
        }

        switch (route.Verb)
        {
            case "get":
                await WriteJsonAsync(context, 200, Read(type, route));
                break;
            case "list":
                await WriteJsonAsync(context, 200, List(context.Request.Query, type, route.Namespace));
                break;
            case "watch":
                await WatchHandler.ServeAsync(context, route, store, options);
                break;
            case "create":
                await CreateAsync(context, type, route);
                break;
            case "update":
                await UpdateAsync(context, type, route);
                break;
            case "patch":
                await PatchAsync(context, type, route);
                break;
            case "delete":
                await DeleteAsync(context, type, route);
                break;
            case "deletecollection":
                await DeleteCollectionAsync(context, type, route);
                break;
        }
    }

    private JsonObject Read(ResourceType type, ApiRoute route)
    {
        var obj = store.Get(type, route.Namespace, route.Name!) ?? throw StatusException.NotFound(type, route.Name!);
        return CustomResourceAdmissions.ForRead(type, ObjectStore.WithTypeMeta(obj, type));
    }

    private JsonObject List(IQueryCollection query, ResourceType type, string? ns)
    {
        var limit = int.TryParse(query["limit"], out var l) ? l : 0;
        var after = query["continue"].ToString() is { Length: > 0 } token ? DecodeContinue(token) : null;
        var (items, resourceVersion, next, remaining) = store.List(
            type, ns, LabelSelector.Parse(query["labelSelector"]), FieldSelector.Parse(query["fieldSelector"]), limit, after);
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion.ToString() };
        if (next is not null)
        {
            metadata["continue"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(next));
            metadata["remainingItemCount"] = remaining;
        }

        return new JsonObject
        {
            ["kind"] = type.ListKind,
            ["apiVersion"] = type.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = new JsonArray(items.Select(i => (JsonNode)CustomResourceAdmissions.ForRead(type, i)).ToArray()),
        };
    }

    private async Task CreateAsync(HttpContext context, ResourceType type, ApiRoute route)
    {
        var body = ParseObject(await ReadBodyAsync(context));
        CheckTypeMeta(type, body);
        var warnings = new List<string>();
        var created = store.Create(type, route.Namespace, body, keepStatus: false, Admission(context, type, route, warnings));
        AfterWrite(type, created);
        WriteWarnings(context, warnings);
        await WriteJsonAsync(context, 201, created);
    }

    private async Task UpdateAsync(HttpContext context, ResourceType type, ApiRoute route)
    {
        var body = ParseObject(await ReadBodyAsync(context));
        CheckTypeMeta(type, body);
        var warnings = new List<string>();
        var (updated, _) = store.Update(type, route.Namespace, route.Name!, ScopeOf(route), _ => body, admission: Admission(context, type, route, warnings));
        AfterWrite(type, updated);
        WriteWarnings(context, warnings);
        await WriteJsonAsync(context, 200, updated);
    }

    private async Task PatchAsync(HttpContext context, ResourceType type, ApiRoute route)
    {
        var contentType = (context.Request.ContentType ?? "").Split(';')[0].Trim();
        var text = await ReadBodyAsync(context);
        var scope = ScopeOf(route);
        var warnings = new List<string>();
        var admission = Admission(context, type, route, warnings);
        (JsonObject Object, bool Created) result;
        switch (contentType)
        {
            case "application/apply-patch+yaml":
                {
                    var manager = context.Request.Query["fieldManager"].ToString();
                    if (manager.Length == 0)
                    {
                        throw new StatusException(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
                    }

                    var applied = YamlToJson.Parse(text) as JsonObject ?? throw StatusException.BadRequest("the apply patch is not an object");
                    if (applied["apiVersion"] is null || applied["kind"] is null)
                    {
                        throw StatusException.BadRequest("apiVersion and kind must be set in an apply patch");
                    }

                    CheckTypeMeta(type, applied);
                    CheckAppliedFields(type, route, applied);
                    var force = ApiRoute.IsTrue(context.Request.Query["force"]);
                    var now = options.TimeProvider.GetUtcNow();
                    result = store.Update(
                        type, route.Namespace, route.Name!, scope,
                        existing => ServerSideApply.Apply(type, existing, applied, manager, force, scope == WriteScope.Status, now),
                        createIfMissing: scope == WriteScope.Main,
                        admission: admission);
                    break;
                }

            case "application/merge-patch+json" or "application/strategic-merge-patch+json":
                {
                    var patch = ParseNode(text);
                    if (contentType.StartsWith("application/strategic", StringComparison.Ordinal) && MergePatch.HasStrategicDirectives(patch))
                    {
                        throw StatusException.BadRequest("the fake API server applies strategic merge patches as JSON merge patches and does not support $-directives");
                    }

                    // A strategic patch of pods/resize merges containers by name (their patchMergeKey), as
                    // `kubectl patch --subresource resize` relies on; elsewhere lists replace.
                    var byName = route.Subresource == "resize" && contentType.StartsWith("application/strategic", StringComparison.Ordinal);
                    result = store.Update(type, route.Namespace, route.Name!, scope, existing => (byName ? ContainerMergePatch.Apply(existing!, patch) : MergePatch.Apply(existing, patch)) as JsonObject
                        ?? throw StatusException.BadRequest("a merge patch must be a JSON object"), admission: admission);
                    break;
                }

            case "application/json-patch+json":
                {
                    var operations = ParseNode(text) as JsonArray ?? throw StatusException.BadRequest("a JSON patch must be an array of operations");
                    result = store.Update(type, route.Namespace, route.Name!, scope, existing => JsonPatch.Apply(existing!, operations) as JsonObject
                        ?? throw new StatusException(422, "Invalid", "the JSON patch did not produce an object"), admission: admission);
                    break;
                }

            default:
                throw StatusException.UnsupportedMediaType(contentType);
        }

        AfterWrite(type, result.Object);
        WriteWarnings(context, warnings);
        await WriteJsonAsync(context, result.Created ? 201 : 200, result.Object);
    }

    private async Task DeleteAsync(HttpContext context, ResourceType type, ApiRoute route)
    {
        var text = await ReadBodyAsync(context);
        var deleteOptions = text.Trim().Length > 0 ? ParseObject(text) : [];
        var propagation = ParsePropagation(context.Request.Query["propagationPolicy"].ToString() is { Length: > 0 } q ? q : deleteOptions.GetString("propagationPolicy"));
        var preconditions = deleteOptions["preconditions"] as JsonObject;
        var deleted = store.Delete(
            type, route.Namespace, route.Name!, preconditions?.GetString("uid"), preconditions?.GetString("resourceVersion"), propagation);
        if (type == BuiltInResources.CustomResourceDefinitions)
        {
            var spec = deleted["spec"];
            registry.Remove($"{spec?["names"]?["plural"]}.{spec?["group"]}");
        }

        // As the real registries do, pods and custom resources return the deleted object; the rest a Status.
        var returnsObject = type == BuiltInResources.Pods || type.Group.Contains('.', StringComparison.Ordinal) && !type.Group.EndsWith(".k8s.io", StringComparison.Ordinal);
        await WriteJsonAsync(context, 200, returnsObject ? ObjectStore.WithTypeMeta(deleted, type) : Success(type, deleted));
    }

    private async Task DeleteCollectionAsync(HttpContext context, ResourceType type, ApiRoute route)
    {
        var query = context.Request.Query;
        var (items, _, _, _) = store.List(type, route.Namespace, LabelSelector.Parse(query["labelSelector"]), FieldSelector.Parse(query["fieldSelector"]));
        var propagation = ParsePropagation(query["propagationPolicy"]);
        foreach (var item in items)
        {
            try
            {
                store.Delete(type, item.Namespace(), item.Name()!, item.Uid(), null, propagation);
            }
            catch (StatusException e) when (e.Code is 404 or 409)
            {
                // Deleted or replaced since the listing: it is no longer part of this collection.
            }
        }

        await WriteJsonAsync(context, 200, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
        });
    }

    /// <summary>The checks a write of <paramref name="type"/> through the API goes through.</summary>
    private WriteAdmission? Admission(HttpContext context, ResourceType type, ApiRoute route, List<string> warnings) =>
        type == BuiltInResources.Pods
            ? PodAdmission(route.Subresource)
            : CustomResourceAdmissions.For(type, context.Request.Query["fieldValidation"].ToString(), warnings);

    /// <summary>
    /// Pods: container resources change only through <c>/resize</c> (its strategy keeps nothing
    /// else of the request), and a plain update may not touch them.
    /// </summary>
    private WriteAdmission? PodAdmission(string? subresource) => subresource switch
    {
        "resize" => new WriteAdmission(_ => { }, (next, existing) => PodResizeRules.ValidateResize(existing!, next, options.KubernetesMinorVersion))
        {
            PrepareForUpdate = PodResizeRules.KeepResizeChanges,
        },
        null => new WriteAdmission(_ => { }, (next, existing) =>
        {
            if (existing is not null)
            {
                PodResizeRules.ValidateUpdate(existing, next);
            }
        }),
        _ => null,
    };

    private static void CheckAppliedFields(ResourceType type, ApiRoute route, JsonObject applied) =>
        CustomResourceAdmissions.CheckApplied(type, route.Namespace, route.Name ?? "", applied);

    /// <summary>One <c>Warning: 299 - "..."</c> header per warning, as the API server sends them (RFC 7234 warn-code 299).</summary>
    private static void WriteWarnings(HttpContext context, List<string> warnings)
    {
        foreach (var warning in warnings)
        {
            context.Response.Headers.Append("Warning", $"299 - {GoFormat.Quote(warning)}");
        }
    }

    /// <summary>Creating or changing a CustomResourceDefinition serves its resource right away.</summary>
    private void AfterWrite(ResourceType type, JsonObject written)
    {
        if (type == BuiltInResources.CustomResourceDefinitions)
        {
            registry.AddCustomResourceDefinition(written);
        }
    }

    private static JsonObject Success(ResourceType type, JsonObject deleted) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = new JsonObject
        {
            ["name"] = deleted.Name(),
            ["group"] = type.Group,
            ["kind"] = type.Plural,
            ["uid"] = deleted.Uid(),
        },
    };

    private static WriteScope ScopeOf(ApiRoute route) => route.Subresource == "status" ? WriteScope.Status : WriteScope.Main;

    private static DeletePropagation ParsePropagation(string? value) => value switch
    {
        null or "" or "Background" => DeletePropagation.Background,
        "Foreground" => DeletePropagation.Foreground,
        "Orphan" => DeletePropagation.Orphan,
        _ => throw StatusException.BadRequest($"invalid propagationPolicy \"{value}\": expected Background, Foreground or Orphan"),
    };

    private static void CheckTypeMeta(ResourceType type, JsonObject body)
    {
        if (body.GetString("kind") is { } kind && kind != type.Kind)
        {
            throw StatusException.BadRequest($"the kind {kind} of the body does not match the resource {type.Id} (kind {type.Kind})");
        }

        if (body.GetString("apiVersion") is { } apiVersion && apiVersion != type.ApiVersion)
        {
            throw StatusException.BadRequest($"the apiVersion {apiVersion} of the body does not match the resource {type.Id} ({type.ApiVersion})");
        }
    }

    private static string? DecodeContinue(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw StatusException.BadRequest($"invalid continue token \"{token}\"");
        }
    }

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(context.RequestAborted);
    }

    private static JsonNode? ParseNode(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw StatusException.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
    }

    private static JsonObject ParseObject(string text) =>
        ParseNode(text) as JsonObject ?? throw StatusException.BadRequest("the request body must be a JSON object");

    private static async Task WriteJsonAsync(HttpContext context, int statusCode, JsonNode body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(JsonNodes.Wire), context.RequestAborted);
    }

    private static async Task WriteErrorAsync(HttpContext context, StatusException error)
    {
        if (error.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await WriteJsonAsync(context, error.Code, error.ToStatus());
    }
}
