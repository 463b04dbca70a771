using System.Net;
using k8s;
using k8s.Autorest;
using SensorStack.FakeKubeApi;
using static SensorStack.FakeKubeApiTests.TestObjects;

namespace SensorStack.FakeKubeApiTests;

public class DiscoveryAndMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Discovery_lists_groups_and_resources_with_their_scope()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();

        var groups = await client.Apis.GetAPIVersionsAsync(cancellationToken: Ct);
        var core = await client.CoreV1.GetAPIResourcesAsync(cancellationToken: Ct);
        var apps = await client.AppsV1.GetAPIResourcesAsync(cancellationToken: Ct);

        Assert.Contains(groups.Groups, g => g.Name == "apps" && g.PreferredVersion.GroupVersion == "apps/v1");
        Assert.Contains(groups.Groups, g => g.Name == "coordination.k8s.io");
        Assert.Contains(core.Resources, r => r.Name == "pods" && r.Namespaced && r.Kind == "Pod");
        Assert.Contains(core.Resources, r => r.Name == "namespaces" && !r.Namespaced);
        Assert.Contains(apps.Resources, r => r.Name == "deployments/status");
    }

    [Fact]
    public async Task An_optional_CRD_appears_and_vanishes_at_runtime()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        Assert.DoesNotContain((await client.Apis.GetAPIVersionsAsync(cancellationToken: Ct)).Groups, g => g.Name == "operator.victoriametrics.com");

        api.InstallThirdPartyCrd(ThirdPartyCrds.VMServiceScrapes);
        var served = await client.Apis.GetAPIVersionsAsync(cancellationToken: Ct);
        using var raw = new RawApi(api);
        var created = await raw.SendAsync(HttpMethod.Post, "apis/operator.victoriametrics.com/v1beta1/namespaces/default/vmservicescrapes", Json(
            new { apiVersion = "operator.victoriametrics.com/v1beta1", kind = "VMServiceScrape", metadata = new { name = "s" }, spec = new { endpoints = new[] { new { port = "metrics" } } } }));
        Assert.Equal(HttpStatusCode.Created, created.Code);

        api.Resources.Remove("vmservicescrapes.operator.victoriametrics.com");
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => client.CustomObjects.ListNamespacedCustomObjectAsync(
            "operator.victoriametrics.com", "v1beta1", "default", "vmservicescrapes", cancellationToken: Ct));

        Assert.Contains(served.Groups, g => g.Name == "operator.victoriametrics.com");
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
        Assert.DoesNotContain((await client.Apis.GetAPIVersionsAsync(cancellationToken: Ct)).Groups, g => g.Name == "operator.victoriametrics.com");
    }

    [Fact]
    public async Task Creating_a_CRD_through_the_API_serves_its_resource()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        var crd = new k8s.Models.V1CustomResourceDefinition
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = "widgets.example.com" },
            Spec = new k8s.Models.V1CustomResourceDefinitionSpec
            {
                Group = "example.com",
                Scope = "Cluster",
                // Singular, listKind and a schema are required: a real API server refuses the CRD without them.
                Names = new k8s.Models.V1CustomResourceDefinitionNames { Kind = "Widget", ListKind = "WidgetList", Plural = "widgets", Singular = "widget" },
                Versions =
                [
                    new k8s.Models.V1CustomResourceDefinitionVersion
                    {
                        Name = "v1", Served = true, Storage = true,
                        Subresources = new k8s.Models.V1CustomResourceSubresources { Status = new object() },
                        Schema = new k8s.Models.V1CustomResourceValidation
                        {
                            OpenAPIV3Schema = new k8s.Models.V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true },
                        },
                    },
                ],
            },
        };

        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: Ct);
        using var raw = new RawApi(api);
        var created = await raw.SendAsync(HttpMethod.Post, "apis/example.com/v1/widgets", Json(new { apiVersion = "example.com/v1", kind = "Widget", metadata = new { name = "w" } }));
        Assert.Equal(HttpStatusCode.Created, created.Code);

        var widget = api.Resources.Get("widgets.example.com");
        Assert.False(widget.Namespaced);
        Assert.True(widget.HasStatus);
        Assert.NotNull(api.Get("widgets.example.com", null, "w"));
    }

    [Fact]
    public async Task The_project_CRD_file_can_be_installed()
    {
        var file = Path.Combine(SensorStack.Testing.RepositoryRoot.Path, "config", "crds");
        var crdFile = Directory.Exists(file) ? Directory.GetFiles(file, "*.yaml").FirstOrDefault() : null;
        if (crdFile is null)
        {
            Assert.Skip("config/crds has no CRD yet");
        }

        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);

        var types = api.InstallCustomResourceDefinition(await File.ReadAllTextAsync(crdFile, Ct));

        var sensorStacks = Assert.Single(types);
        Assert.Equal("sensorstacks.sensorstack.io", sensorStacks.Id);
        Assert.True(sensorStacks.HasStatus);
        Assert.True(sensorStacks.Namespaced);
    }

    [Fact]
    public async Task Pod_metrics_set_by_a_test_are_listed_per_namespace_as_metrics_server_serves_them()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        api.SetPodMetrics("sensors", "demo-sensor-abc", new Dictionary<string, string> { ["sensor"] = "118Mi" });
        api.SetPodMetrics("other", "x", new Dictionary<string, string> { ["main"] = "1Gi" });

        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        var metrics = System.Text.Json.JsonSerializer.Deserialize<k8s.Models.PodMetricsList>(
            await http.GetStringAsync("apis/metrics.k8s.io/v1beta1/namespaces/sensors/pods", Ct))!;

        var pod = Assert.Single(metrics.Items);
        Assert.Equal("demo-sensor-abc", pod.Metadata.Name);
        Assert.Equal(118L * 1024 * 1024, Assert.Single(pod.Containers).Usage["memory"].ToInt64());
    }

    [Fact]
    public async Task Pod_metrics_are_read_only_and_the_metrics_API_can_be_absent()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();

        using var raw = new RawApi(api);
        var write = await raw.SendAsync(HttpMethod.Post, "apis/metrics.k8s.io/v1beta1/namespaces/default/pods", Json(
            new { apiVersion = "metrics.k8s.io/v1beta1", kind = "PodMetrics", metadata = new { name = "p" } }));
        api.Resources.RemoveGroupVersion("metrics.k8s.io/v1beta1");
        var absent = await Assert.ThrowsAsync<HttpOperationException>(() => client.CustomObjects.ListNamespacedCustomObjectAsync<object>("metrics.k8s.io", "v1beta1", "default", "pods", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, write.Code);
        Assert.Equal(HttpStatusCode.NotFound, absent.Response.StatusCode);
    }

    [Fact]
    public async Task Leases_and_both_event_APIs_are_served()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();

        await client.CoordinationV1.CreateNamespacedLeaseAsync(
            new k8s.Models.V1Lease { Metadata = new k8s.Models.V1ObjectMeta { Name = "leader" }, Spec = new k8s.Models.V1LeaseSpec { HolderIdentity = "a" } }, "default", cancellationToken: Ct);
        await client.EventsV1.CreateNamespacedEventAsync(
            new k8s.Models.Eventsv1Event { Metadata = new k8s.Models.V1ObjectMeta { Name = "e1" }, Reason = "Tested", EventTime = DateTime.UtcNow }, "default", cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedEventAsync(
            new k8s.Models.Corev1Event { Metadata = new k8s.Models.V1ObjectMeta { Name = "e2" }, Reason = "Tested", InvolvedObject = new k8s.Models.V1ObjectReference() }, "default", cancellationToken: Ct);

        Assert.Equal("a", (await client.CoordinationV1.ReadNamespacedLeaseAsync("leader", "default", cancellationToken: Ct)).Spec.HolderIdentity);
        Assert.Single(api.List("events.events.k8s.io"));
        Assert.Single(api.List("events"));
    }

    private static System.Text.Json.Nodes.JsonNode Json(object body) => System.Text.Json.Nodes.JsonNode.Parse(TestJson.Serialize(body))!;
}
