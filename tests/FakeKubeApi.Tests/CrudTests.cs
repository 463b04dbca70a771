using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using SensorStack.FakeKubeApi;
using static SensorStack.FakeKubeApiTests.TestObjects;

namespace SensorStack.FakeKubeApiTests;

public class CrudTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_then_get_returns_the_object_with_server_fields()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();

        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("settings"), "default", cancellationToken: Ct);
        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default", cancellationToken: Ct);

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        Assert.Equal("value", read.Data["key"]);
        Assert.Equal(1, api.Requests.Count("create", "configmaps", 201));
    }

    [Fact]
    public async Task Every_write_gets_a_higher_resource_version()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();

        var a = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct);
        var b = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "default", cancellationToken: Ct);
        a.Data["key"] = "changed";
        var a2 = await client.CoreV1.ReplaceNamespacedConfigMapAsync(a, "a", "default", cancellationToken: Ct);

        Assert.True(long.Parse(b.Metadata.ResourceVersion) > long.Parse(a.Metadata.ResourceVersion));
        Assert.True(long.Parse(a2.Metadata.ResourceVersion) > long.Parse(b.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Creating_an_existing_name_is_409_AlreadyExists()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("dup"), "default", cancellationToken: Ct);

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("dup"), "default", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.Conflict, e.Response.StatusCode);
        var status = TestJson.Deserialize<V1Status>(e.Response.Content);
        Assert.Equal("AlreadyExists", status.Reason);
    }

    [Fact]
    public async Task Reading_a_missing_object_is_404_with_a_Status_body()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.AppsV1.ReadNamespacedDeploymentAsync("nope", "default", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.NotFound, e.Response.StatusCode);
        var status = TestJson.Deserialize<V1Status>(e.Response.Content);
        Assert.Equal("NotFound", status.Reason);
        Assert.Equal(404, status.Code);
        Assert.Equal("nope", status.Details.Name);
    }

    [Fact]
    public async Task Update_with_a_stale_resource_version_is_409_Conflict_and_changes_nothing()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        var original = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cm"), "default", cancellationToken: Ct);
        var fresh = await client.CoreV1.ReadNamespacedConfigMapAsync("cm", "default", cancellationToken: Ct);
        fresh.Data["key"] = "first";
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(fresh, "cm", "default", cancellationToken: Ct);

        original.Data["key"] = "second";
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(original, "cm", "default", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.Conflict, e.Response.StatusCode);
        Assert.Equal("Conflict", TestJson.Deserialize<V1Status>(e.Response.Content).Reason);
        Assert.Equal("first", (await client.CoreV1.ReadNamespacedConfigMapAsync("cm", "default", cancellationToken: Ct)).Data["key"]);
    }

    [Fact]
    public async Task An_update_that_changes_nothing_keeps_the_resource_version()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("same"), "default", cancellationToken: Ct);

        var replaced = await client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "same", "default", cancellationToken: Ct);

        Assert.Equal(created.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Cluster_scoped_and_namespaced_resources_are_routed_apart()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();

        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a" } }, cancellationToken: Ct);
        await client.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole { Metadata = new V1ObjectMeta { Name = "reader" } }, cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x", "team-a"), "team-a", cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x", "team-b"), "team-b", cancellationToken: Ct);

        Assert.Equal("team-a", (await client.CoreV1.ReadNamespaceAsync("team-a", cancellationToken: Ct)).Metadata.Name);
        Assert.Single((await client.RbacAuthorizationV1.ListClusterRoleAsync(cancellationToken: Ct)).Items);
        Assert.Single((await client.CoreV1.ListNamespacedConfigMapAsync("team-a", cancellationToken: Ct)).Items);
        Assert.Equal(2, (await client.CoreV1.ListConfigMapForAllNamespacesAsync(cancellationToken: Ct)).Items.Count);
    }

    [Fact]
    public async Task A_body_namespace_that_differs_from_the_path_is_rejected()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x", "other"), "default", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.BadRequest, e.Response.StatusCode);
        Assert.Empty(api.List("configmaps"));
    }

    [Fact]
    public async Task List_pages_with_limit_and_continue()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), "default", cancellationToken: Ct);
        }

        var first = await client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2, cancellationToken: Ct);
        var second = await client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2, continueParameter: first.Metadata.ContinueProperty, cancellationToken: Ct);
        var last = await client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2, continueParameter: second.Metadata.ContinueProperty, cancellationToken: Ct);

        Assert.Equal(["a", "b", "c", "d", "e"], first.Items.Concat(second.Items).Concat(last.Items).Select(i => i.Metadata.Name));
        Assert.Null(last.Metadata.ContinueProperty);
        Assert.Equal(api.ResourceVersion.ToString(), last.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task The_written_kubeconfig_loads_and_reaches_the_server()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var path = Path.Combine(Path.GetTempPath(), $"fake-kubeconfig-{Guid.NewGuid():N}.yaml");
        try
        {
            api.WriteKubeconfig(path, "sensors");
            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
            using var client = new Kubernetes(config);

            await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("via-kubeconfig", "sensors"), config.Namespace, cancellationToken: Ct);

            Assert.Equal("sensors", config.Namespace);
            Assert.Single(api.List("configmaps", "sensors"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Generate_name_gets_a_unique_suffix()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        var ev = new Corev1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = "demo.", NamespaceProperty = "default" },
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "p" },
            Reason = "Tested",
            Message = "a core/v1 event",
        };

        var a = await client.CoreV1.CreateNamespacedEventAsync(ev, "default", cancellationToken: Ct);
        var b = await client.CoreV1.CreateNamespacedEventAsync(ev, "default", cancellationToken: Ct);

        Assert.StartsWith("demo.", a.Metadata.Name, StringComparison.Ordinal);
        Assert.NotEqual(a.Metadata.Name, b.Metadata.Name);
    }
}
