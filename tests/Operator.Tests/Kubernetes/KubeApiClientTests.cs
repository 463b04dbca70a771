using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using k8s;
using k8s.Authentication;
using k8s.Models;
using ControllerMachinery;
using SensorStack.FakeKubeApi;
using SensorStack.FakeKubeApi.Faults;
using ResourceType = ControllerMachinery.ResourceType;

namespace SensorOperator.Tests.Kubernetes;

/// <summary>The request seam against the fake API server: paths, verbs, credentials and errors.</summary>
public sealed class KubeApiClientTests : IAsyncLifetime
{
    private static readonly ResourceType ConfigMaps = ResourceType.Of<V1ConfigMap>();
    private static readonly ResourceType Deployments = ResourceType.Of<V1Deployment>();
    private FakeKubeApiServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("", "v1", "configmaps", "ns", "cm", null, "api/v1/namespaces/ns/configmaps/cm")]
    [InlineData("apps", "v1", "deployments", "ns", "d", "status", "apis/apps/v1/namespaces/ns/deployments/d/status")]
    [InlineData("apiextensions.k8s.io", "v1", "customresourcedefinitions", "", "x.example.com", null, "apis/apiextensions.k8s.io/v1/customresourcedefinitions/x.example.com")]
    public void An_object_is_addressed_by_group_version_namespace_name_and_subresource(
        string group, string version, string plural, string ns, string name, string? subresource, string expected) =>
        Assert.Equal(expected, ResourcePaths.Item(new ResourceType(group, version, plural, "K"), new ObjectKey(ns, name), subresource));

    [Fact]
    public void A_collection_without_a_namespace_is_every_namespace_and_query_values_are_escaped()
    {
        Assert.Equal("api/v1/pods", ResourcePaths.Collection(ResourceType.Of<V1Pod>(), ""));
        Assert.Equal("?labelSelector=app%20in%20%28a%2Cb%29&limit=5",
            new ListOptions { LabelSelector = "app in (a,b)", Limit = 5 }.Query());
    }

    [Fact]
    public async Task Create_get_replace_patch_and_delete_go_through_with_the_callers_type_info()
    {
        using var api = KubeApiClient.Create(_server.ClientConfiguration());
        var json = SourceGenerationContext.Default;
        var created = await api.CreateAsync(ConfigMaps, "ns", ConfigMap("cm", "1"), json.V1ConfigMap, Ct);
        created.Data["v"] = "2";
        await api.ReplaceAsync(ConfigMaps, new ObjectKey("ns", "cm"), created, json.V1ConfigMap, Ct);
        var merged = await api.PatchAsync(ConfigMaps, new ObjectKey("ns", "cm"), Patch.Merge(new JsonObject { ["data"] = new JsonObject { ["w"] = "3" } }), json.V1ConfigMap, Ct);
        await api.PatchAsync(ConfigMaps, new ObjectKey("ns", "applied"), Patch.Apply(
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "applied", ["namespace"] = "ns" } }, "tester", force: true), Ct);

        Assert.Equal(new Dictionary<string, string> { ["v"] = "2", ["w"] = "3" }, merged.Data);
        Assert.Equal("2", (await api.GetAsync(ConfigMaps, new ObjectKey("ns", "cm"), json.V1ConfigMap, Ct)).Data["v"]);
        Assert.Equal("tester", _server.Get<V1ConfigMap>("configmaps", "ns", "applied")!.Metadata.ManagedFields.Single().Manager);
        var list = await api.ListAsync(ConfigMaps, "ns", new ListOptions(), json.V1ConfigMapList, Ct);
        Assert.Equal(["applied", "cm"], list.Items.Select(c => c.Metadata.Name).Order());

        await api.DeleteAsync(ConfigMaps, new ObjectKey("ns", "cm"), null, Ct);
        Assert.Null(_server.Get("configmaps", "ns", "cm"));
    }

    [Fact]
    public async Task Refusals_carry_the_status_code_and_the_servers_Status()
    {
        using var api = KubeApiClient.Create(_server.ClientConfiguration());
        var json = SourceGenerationContext.Default;

        var missing = await Assert.ThrowsAsync<KubeApiException>(() => api.GetAsync(Deployments, new ObjectKey("ns", "nope"), json.V1Deployment, Ct));
        var stale = await api.CreateAsync(ConfigMaps, "ns", ConfigMap("cm", "1"), json.V1ConfigMap, Ct);
        var duplicate = await Assert.ThrowsAsync<KubeApiException>(() => api.CreateAsync(ConfigMaps, "ns", ConfigMap("cm", "1"), json.V1ConfigMap, Ct));
        stale.Data["v"] = "2";
        await api.ReplaceAsync(ConfigMaps, new ObjectKey("ns", "cm"), stale, json.V1ConfigMap, Ct);
        stale.Data["v"] = "3";
        var conflict = await Assert.ThrowsAsync<KubeApiException>(() => api.ReplaceAsync(ConfigMaps, new ObjectKey("ns", "cm"), stale, json.V1ConfigMap, Ct));

        Assert.True(missing.IsNotFound);
        Assert.Equal("NotFound", missing.Reason);
        Assert.Contains("GET /apis/apps/v1/namespaces/ns/deployments/nope: 404 NotFound", missing.Message, StringComparison.Ordinal);
        Assert.True(duplicate.IsConflict);
        Assert.Equal("AlreadyExists", duplicate.Reason);
        Assert.True(conflict.IsConflict);
        Assert.Equal("Conflict", conflict.Reason);
    }

    [Fact]
    public async Task A_body_that_is_no_Status_still_gives_the_code_and_the_text()
    {
        using var api = KubeApiClient.Create(_server.ClientConfiguration(), new BadGateway());

        var error = await Assert.ThrowsAsync<KubeApiException>(() => api.GetAsync(ConfigMaps, new ObjectKey("ns", "cm"), SourceGenerationContext.Default.V1ConfigMap, Ct));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Null(error.Status);
        Assert.Contains("<html>bad gateway</html>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_are_asked_for_on_every_request_so_a_rotated_token_is_used()
    {
        var tokens = new CountingTokens();
        var seen = new Authorizations();
        var configuration = _server.ClientConfiguration();
        configuration.TokenProvider = tokens;
        using var api = KubeApiClient.Create(configuration, seen);

        await Assert.ThrowsAsync<KubeApiException>(() => api.GetAsync(ConfigMaps, new ObjectKey("ns", "a"), SourceGenerationContext.Default.V1ConfigMap, Ct));
        await Assert.ThrowsAsync<KubeApiException>(() => api.GetAsync(ConfigMaps, new ObjectKey("ns", "b"), SourceGenerationContext.Default.V1ConfigMap, Ct));

        Assert.Equal(["Bearer token-1", "Bearer token-2"], seen.Values);
    }

    private static V1ConfigMap ConfigMap(string name, string value) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns" },
        Data = new Dictionary<string, string> { ["v"] = value },
    };

    /// <summary>A token source whose token changes on every call (a rotated service-account token, in fast motion).</summary>
    private sealed class CountingTokens : ITokenProvider
    {
        private int _calls;

        public Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new AuthenticationHeaderValue("Bearer", $"token-{Interlocked.Increment(ref _calls)}"));
    }

    /// <summary>Records the Authorization header each request carries into the client's pipeline.</summary>
    private sealed class Authorizations : DelegatingHandler
    {
        private readonly List<string> _values = [];

        public IReadOnlyList<string> Values
        {
            get
            {
                lock (_values)
                {
                    return [.. _values];
                }
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (_values)
            {
                _values.Add(request.Headers.Authorization?.ToString() ?? "(none)");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>A proxy in front of the API server answering with its own error page.</summary>
    private sealed class BadGateway : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>bad gateway</html>"), RequestMessage = request });
    }
}
