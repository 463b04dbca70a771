using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using SensorStack.FakeKubeApi;
using static SensorStack.FakeKubeApiTests.TestObjects;

namespace SensorStack.FakeKubeApiTests;

public class PatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Merge_patch_merges_maps_and_null_removes_a_key()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(
            ConfigMap("cm", data: new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }), "default", cancellationToken: Ct);

        var patched = await client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"a":null,"c":"3"}}""", V1Patch.PatchType.MergePatch), "cm", "default", cancellationToken: Ct);

        Assert.Equal(new Dictionary<string, string> { ["b"] = "2", ["c"] = "3" }, patched.Data);
    }

    [Fact]
    public async Task Strategic_merge_patch_is_applied_as_a_merge_patch()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", replicas: 1), "default", cancellationToken: Ct);

        var patched = await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.StrategicMergePatch), "web", "default", cancellationToken: Ct);

        Assert.Equal(3, patched.Spec.Replicas);
        Assert.Equal("main", Assert.Single(patched.Spec.Template.Spec.Containers).Name);
    }

    [Fact]
    public async Task Json_patch_operations_apply_in_order()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cm"), "default", cancellationToken: Ct);

        var patched = await client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""[{"op":"add","path":"/data/extra","value":"x"},{"op":"replace","path":"/data/key","value":"y"}]""", V1Patch.PatchType.JsonPatch),
            "cm", "default", cancellationToken: Ct);

        Assert.Equal(new Dictionary<string, string> { ["key"] = "y", ["extra"] = "x" }, patched.Data);
    }

    [Fact]
    public async Task Patching_a_missing_object_is_404()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"a":"1"}}""", V1Patch.PatchType.MergePatch), "none", "default", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.NotFound, e.Response.StatusCode);
    }

    [Fact]
    public async Task A_merge_patch_carrying_a_stale_resource_version_is_a_conflict()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cm"), "default", cancellationToken: Ct);
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"key":"new"}}""", V1Patch.PatchType.MergePatch), "cm", "default", cancellationToken: Ct);

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch($$$"""{"metadata":{"resourceVersion":"{{{created.Metadata.ResourceVersion}}}"},"data":{"key":"old"}}""", V1Patch.PatchType.MergePatch),
            "cm", "default", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.Conflict, e.Response.StatusCode);
    }

    [Fact]
    public async Task Apply_creates_a_missing_object_and_records_the_field_manager()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();

        var applied = await client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(TestJson.Serialize(ConfigMap("cm")), V1Patch.PatchType.ApplyPatch), "cm", "default", fieldManager: "tester", force: true, cancellationToken: Ct);

        Assert.Equal("value", applied.Data["key"]);
        var entry = Assert.Single(applied.Metadata.ManagedFields);
        Assert.Equal("tester", entry.Manager);
        Assert.Equal("Apply", entry.Operation);
        Assert.Equal(1, api.Requests.Count("patch", "configmaps", 201));
    }

    [Fact]
    public async Task Applying_the_same_object_again_writes_nothing()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        var patch = new V1Patch(TestJson.Serialize(Deployment("web")), V1Patch.PatchType.ApplyPatch);
        var first = await client.AppsV1.PatchNamespacedDeploymentAsync(patch, "web", "default", fieldManager: "tester", force: true, cancellationToken: Ct);
        var versionAfterFirst = api.ResourceVersion;

        var second = await client.AppsV1.PatchNamespacedDeploymentAsync(patch, "web", "default", fieldManager: "tester", force: true, cancellationToken: Ct);

        Assert.Equal(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
        Assert.Equal(versionAfterFirst, api.ResourceVersion);
    }

    [Fact]
    public async Task Apply_accepts_a_yaml_body()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        const string yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: { app: web, tier: "1" }
            spec:
              replicas: 2
              selector: { matchLabels: { app: web } }
              template:
                metadata: { labels: { app: web } }
                spec:
                  containers:
                  - name: main
                    image: example/app:1
            """;

        // The client validates a string patch as JSON, so YAML goes over plain HTTP as kubectl would send it.
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        using var content = new StringContent(yaml, System.Text.Encoding.UTF8, "application/apply-patch+yaml");
        using var response = await http.PatchAsync("apis/apps/v1/namespaces/default/deployments/web?fieldManager=kubectl", content, Ct);
        var applied = await client.AppsV1.ReadNamespacedDeploymentAsync("web", "default", cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, applied.Spec.Replicas);
        Assert.Equal("1", applied.Metadata.Labels["tier"]);
    }

    [Fact]
    public async Task Fields_a_manager_stops_applying_are_removed_and_others_fields_stay()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        var mine = ConfigMap("cm", labels: new Dictionary<string, string> { ["keep"] = "yes", ["drop"] = "yes" });
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(TestJson.Serialize(mine), V1Patch.PatchType.ApplyPatch), "cm", "default", fieldManager: "me", cancellationToken: Ct);
        var theirs = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "cm", ["labels"] = new JsonObject { ["other"] = "theirs" } },
        };
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(theirs.ToJsonString(), V1Patch.PatchType.ApplyPatch), "cm", "default", fieldManager: "them", cancellationToken: Ct);

        mine.Metadata.Labels.Remove("drop");
        var result = await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(TestJson.Serialize(mine), V1Patch.PatchType.ApplyPatch), "cm", "default", fieldManager: "me", cancellationToken: Ct);

        Assert.Equal(new Dictionary<string, string> { ["keep"] = "yes", ["other"] = "theirs" }, result.Metadata.Labels);
    }

    [Fact]
    public async Task Applying_a_field_another_manager_owns_is_a_conflict_unless_forced()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(TestJson.Serialize(Deployment("web", replicas: 1)), V1Patch.PatchType.ApplyPatch), "web", "default", fieldManager: "a", cancellationToken: Ct);

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch(TestJson.Serialize(Deployment("web", replicas: 5)), V1Patch.PatchType.ApplyPatch), "web", "default", fieldManager: "b", cancellationToken: Ct));
        var forced = await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch(TestJson.Serialize(Deployment("web", replicas: 5)), V1Patch.PatchType.ApplyPatch), "web", "default", fieldManager: "b", force: true, cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.Conflict, e.Response.StatusCode);
        Assert.Contains("conflict with \"a\": .spec.replicas", TestJson.Deserialize<V1Status>(e.Response.Content).Message, StringComparison.Ordinal);
        Assert.Equal(5, forced.Spec.Replicas);
    }

    [Fact]
    public async Task Apply_without_a_field_manager_is_rejected()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(TestJson.Serialize(ConfigMap("cm")), V1Patch.PatchType.ApplyPatch), "cm", "default", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        Assert.Empty(api.List("configmaps"));
    }
}
