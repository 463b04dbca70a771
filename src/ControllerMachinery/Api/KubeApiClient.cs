using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;

namespace ControllerMachinery;

/// <summary>
/// The one way the machinery talks to the API server: builds the REST path of a
/// <see cref="ResourceType"/>, sends the request through a <see cref="KubeHttpPipeline"/> (TLS
/// settings, base URI and delegating handlers, as <see cref="KubernetesClientConfiguration"/> sets
/// them) and reads the answer with the caller's source-generated <see cref="JsonTypeInfo{T}"/>.
/// Credentials are applied per request, as the client does itself (Kubernetes.SendRequestRaw): a
/// token file (the in-cluster service-account token, rotated by the kubelet) is re-read when it
/// expires, as client-go's <c>transport.NewCachedFileTokenSource</c> does. A refusal becomes a
/// <see cref="KubeApiException"/> with the server's Status.
/// </summary>
public sealed class KubeApiClient : IDisposable
{
    private readonly KubeHttpPipeline _pipeline;

    private KubeApiClient(KubeHttpPipeline pipeline) => _pipeline = pipeline;

    /// <summary>A client of its own for <paramref name="configuration"/>, with <paramref name="handlers"/> in its pipeline (outermost first).</summary>
    public static KubeApiClient Create(KubernetesClientConfiguration configuration, params DelegatingHandler[] handlers) =>
        new(KubeHttpPipeline.Create(configuration, handlers));

    /// <summary>Reads an answer as raw JSON, for callers that look at a few fields of any object.</summary>
    public static JsonTypeInfo<JsonElement> RawJson => MachineryJson.Default.JsonElement;

    public Uri BaseUri => _pipeline.BaseUri;

    public Task<T> GetAsync<T>(ResourceType resource, ObjectKey key, JsonTypeInfo<T> type, CancellationToken cancellationToken, string? subresource = null) =>
        SendAsync(HttpMethod.Get, ResourcePaths.Item(resource, key, subresource), null, type, cancellationToken);

    /// <summary>One page of a collection; an empty namespace lists every namespace (or a cluster-scoped resource).</summary>
    public Task<T> ListAsync<T>(ResourceType resource, string? @namespace, ListOptions options, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SendAsync(HttpMethod.Get, ResourcePaths.Collection(resource, @namespace) + options.Query(), null, type, cancellationToken);
    }

    public Task<T> CreateAsync<T>(ResourceType resource, string? @namespace, T obj, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, ResourcePaths.Collection(resource, @namespace), Json(obj, type), type, cancellationToken);

    /// <summary>PUT: a full replacement, refused with 409 Conflict when the object's resourceVersion is stale.</summary>
    public Task<T> ReplaceAsync<T>(ResourceType resource, ObjectKey key, T obj, JsonTypeInfo<T> type, CancellationToken cancellationToken, string? subresource = null) =>
        SendAsync(HttpMethod.Put, ResourcePaths.Item(resource, key, subresource), Json(obj, type), type, cancellationToken);

    public Task<T> PatchAsync<T>(ResourceType resource, ObjectKey key, Patch patch, JsonTypeInfo<T> resultType, CancellationToken cancellationToken, string? subresource = null)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return SendAsync(HttpMethod.Patch, ResourcePaths.Item(resource, key, subresource) + patch.Query(), PatchContent(patch), resultType, cancellationToken);
    }

    /// <summary>A patch whose resulting object the caller does not need.</summary>
    public Task PatchAsync(ResourceType resource, ObjectKey key, Patch patch, CancellationToken cancellationToken, string? subresource = null) =>
        PatchAsync(resource, key, patch, MachineryJson.Default.JsonElement, cancellationToken, subresource);

    public async Task DeleteAsync(ResourceType resource, ObjectKey key, DeleteOptions? options, CancellationToken cancellationToken)
    {
        var path = ResourcePaths.Item(resource, key) + (options ?? new DeleteOptions()).Query();
        using var response = await SendRawAsync(HttpMethod.Delete, path, null, cancellationToken);
    }

    /// <summary>The resources a group version serves (<c>/apis/{group}/{version}</c>, <c>/api/v1</c>).</summary>
    public Task<V1APIResourceList> GetResourcesAsync(string group, string version, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, ResourcePaths.GroupVersion(group, version), null, MachineryJson.Default.V1APIResourceList, cancellationToken);

    /// <summary>The API server's version (<c>/version</c>).</summary>
    public Task<VersionInfo> GetVersionAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "version", null, MachineryJson.Default.VersionInfo, cancellationToken);

    /// <summary>
    /// Opens a watch and returns the response once its headers arrived (status 200); its body is the
    /// stream of events. The caller disposes it. See <see cref="WatchReader"/>.
    /// </summary>
    public Task<HttpResponseMessage> OpenWatchAsync(ResourceType resource, string? @namespace, WatchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SendRawAsync(HttpMethod.Get, ResourcePaths.Collection(resource, @namespace) + options.Query(), null, cancellationToken);
    }

    public void Dispose() => _pipeline.Dispose();

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);
        using var response = await SendRawAsync(method, path, content, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync(body, type, cancellationToken)
            ?? throw new KubeApiException(response.StatusCode, null, $"{method} /{path}", "the response body was empty");
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_pipeline.BaseUri, path))
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        await _pipeline.AuthorizeAsync(request, cancellationToken);
        var response = await _pipeline.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new KubeApiException(response.StatusCode, StatusOf(text), $"{method} /{path}", text, response.ReasonPhrase);
        }
    }

    /// <summary>The body as a Status object when it is one (a proxy in between may answer with HTML).</summary>
    internal static V1Status? StatusOf(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, MachineryJson.Default.V1Status) is { Kind: "Status" } status ? status : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ByteArrayContent Json<T>(T obj, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(obj, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static ByteArrayContent PatchContent(Patch patch)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(patch.Body, MachineryJson.Default.JsonNode));
        content.Headers.ContentType = new MediaTypeHeaderValue(patch.ContentType);
        return content;
    }
}
