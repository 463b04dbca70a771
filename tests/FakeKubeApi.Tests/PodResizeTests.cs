using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SensorStack.FakeKubeApi;
using SensorStack.FakeKubeApi.Simulation;
using SensorStack.Testing;

namespace SensorStack.FakeKubeApiTests;

/// <summary>The pods resize subresource and its refusals (KEP-1287), as the API server answers them.</summary>
public class PodResizeTests
{
    private const string PodPath = "/api/v1/namespaces/default/pods/web";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Before_1_33_the_subresource_is_not_served_nor_discovered()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var raw = new RawApi(api);
        await CreateRunningPodAsync(api, raw, Pod());

        var resize = await raw.SendAsync(HttpMethod.Patch, PodPath + "/resize", MemoryPatch("96Mi"), "application/json-patch+json");
        var discovery = await raw.SendAsync(HttpMethod.Get, "/api/v1");
        var version = await raw.SendAsync(HttpMethod.Get, "/version");

        Assert.Equal(HttpStatusCode.NotFound, resize.Code);
        Assert.DoesNotContain(ResourceNames(discovery), n => n == "pods/resize");
        Assert.Equal("32", version.Body["minor"]!.GetValue<string>());
    }

    [Fact]
    public async Task From_1_33_discovery_lists_pods_resize_and_a_patch_changes_only_the_resources()
    {
        await using var api = await ResizeServerAsync(33);
        using var raw = new RawApi(api);
        await CreateRunningPodAsync(api, raw, Pod());

        var discovery = await raw.SendAsync(HttpMethod.Get, "/api/v1");
        var entry = discovery.Body["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "pods/resize")!;
        // A strategic patch merges containers by name; the image change rides along and is dropped.
        var answer = await raw.SendAsync(HttpMethod.Patch, PodPath + "/resize", """
            {"spec":{"containers":[{"name":"main","image":"example/app:2","resources":{"requests":{"memory":"96Mi"},"limits":{"memory":"96Mi"}}}]}}
            """, "application/strategic-merge-patch+json");

        Assert.Equal(["get", "patch", "update"], entry["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, answer.Code);
        var stored = api.Get<V1Pod>("pods", "default", "web")!;
        Assert.Equal("96Mi", stored.Spec.Containers[0].Resources.Limits["memory"].ToString());
        Assert.Equal("96Mi", stored.Spec.Containers[0].Resources.Requests["memory"].ToString());
        Assert.Equal("example/app:1", stored.Spec.Containers[0].Image);
        Assert.Equal("64Mi", stored.Status.ContainerStatuses[0].Resources.Limits["memory"].ToString());
    }

    [Fact]
    public async Task Resize_refusals_carry_the_api_servers_messages()
    {
        await using var api = await ResizeServerAsync(33);
        using var raw = new RawApi(api);
        await CreateRunningPodAsync(api, raw, Pod());

        var otherResource = await Patch(raw, """[{"op":"add","path":"/spec/containers/0/resources/limits/ephemeral-storage","value":"1Gi"}]""");
        var qos = await Patch(raw, """[{"op":"remove","path":"/spec/containers/0/resources/limits/cpu"}]""");
        var aboveLimit = await Patch(raw, """[{"op":"replace","path":"/spec/containers/0/resources/requests/cpu","value":"500m"}]""");
        var decrease = await Patch(raw, MemoryPatch("48Mi"));
        var plainUpdate = await raw.SendAsync(HttpMethod.Patch, PodPath, MemoryPatch("96Mi"), "application/json-patch+json");

        Assert.Equal("Pod \"web\" is invalid: spec: Forbidden: only cpu and memory resources are mutable", otherResource.Message);
        Assert.Contains("spec.containers[0].resources.limits: Forbidden: resource limits cannot be removed", qos.Message, StringComparison.Ordinal);
        Assert.Contains("spec: Invalid value: \"Burstable\": Pod QOS Class may not change as a result of resizing", qos.Message, StringComparison.Ordinal);
        Assert.Contains("spec.containers[0].resources.requests[cpu]: Invalid value: \"500m\": must be less than or equal to cpu limit of 100m", aboveLimit.Message, StringComparison.Ordinal);
        Assert.Equal("Pod \"web\" is invalid: spec.containers[0].resources.limits[memory]: Forbidden: memory limits cannot be decreased unless resizePolicy is RestartContainer", decrease.Message);
        Assert.StartsWith("Pod \"web\" is invalid: spec: Forbidden: pod updates may not change fields other than", plainUpdate.Message, StringComparison.Ordinal);
        Assert.All(new[] { otherResource, qos, aboveLimit, decrease, plainUpdate }, a => Assert.Equal(HttpStatusCode.UnprocessableEntity, a.Code));
        Assert.Equal("64Mi", api.Get<V1Pod>("pods", "default", "web")!.Spec.Containers[0].Resources.Limits["memory"].ToString());
    }

    [Theory]
    [InlineData(33, "RestartContainer", HttpStatusCode.OK)]
    [InlineData(34, "NotRequired", HttpStatusCode.OK)]
    [InlineData(33, "NotRequired", HttpStatusCode.UnprocessableEntity)]
    public async Task A_memory_decrease_in_place_needs_1_34_or_a_restart_policy(int minor, string memoryPolicy, HttpStatusCode expected)
    {
        await using var api = await ResizeServerAsync(minor);
        using var raw = new RawApi(api);
        await CreateRunningPodAsync(api, raw, Pod(memoryPolicy));

        var answer = await Patch(raw, MemoryPatch("48Mi"));

        Assert.Equal(expected, answer.Code);
    }

    [Fact]
    public async Task A_running_pod_without_actual_resources_in_status_cannot_be_resized()
    {
        await using var api = await ResizeServerAsync(33);
        using var raw = new RawApi(api);
        await CreateRunningPodAsync(api, raw, Pod(), reportResources: false);

        var answer = await Patch(raw, MemoryPatch("96Mi"));

        Assert.Equal("Pod \"web\" is invalid: spec: Forbidden: Pod running on node without support for resize", answer.Message);
    }

    [Fact]
    public async Task The_kubelet_actuates_a_resize_and_restarts_only_for_a_RestartContainer_policy()
    {
        await using var api = await ResizeServerAsync(34);
        await using var simulator = api.SimulateDeployments();
        var client = api.CreateClient();
        await client.AppsV1.CreateNamespacedDeploymentAsync(ResizableDeployment(), "default", cancellationToken: Ct);
        var pod = await SinglePodAsync(api);

        await client.CoreV1.PatchNamespacedPodResizeAsync(new V1Patch(ResizeBoth("96Mi", "40Mi"), V1Patch.PatchType.StrategicMergePatch), pod, "default", cancellationToken: Ct);

        await Eventually.True(() => Actual(api, pod, "app") == "96Mi" && Actual(api, pod, "store") == "40Mi", "the status shows the new limits");
        var status = api.Get<V1Pod>("pods", "default", pod)!.Status;
        Assert.Equal(0, status.ContainerStatuses.Single(c => c.Name == "app").RestartCount);
        Assert.Equal(1, status.ContainerStatuses.Single(c => c.Name == "store").RestartCount);
        Assert.DoesNotContain(status.Conditions, c => c.Type is "PodResizePending" or "PodResizeInProgress");
        Assert.Equal(1, simulator.Resizes.Actuated);
        Assert.Empty(api.Failures);
    }

    [Fact]
    public async Task Scripted_deferred_and_infeasible_resizes_wait_in_PodResizePending()
    {
        await using var api = await ResizeServerAsync(34);
        await using var simulator = api.SimulateDeployments();
        var client = api.CreateClient();
        await client.AppsV1.CreateNamespacedDeploymentAsync(ResizableDeployment(), "default", cancellationToken: Ct);
        var pod = await SinglePodAsync(api);
        simulator.Resizes.Script(ResizeOutcome.Deferred);

        await client.CoreV1.PatchNamespacedPodResizeAsync(new V1Patch(ResizeBoth("96Mi", "64Mi"), V1Patch.PatchType.StrategicMergePatch), pod, "default", cancellationToken: Ct);
        await Eventually.True(() => PendingReason(api, pod) == "Deferred", "the resize is deferred");
        Assert.Equal("64Mi", Actual(api, pod, "app"));

        simulator.Resizes.RetryPending();
        await Eventually.True(() => Actual(api, pod, "app") == "96Mi", "the retried resize is actuated");
        Assert.Null(PendingReason(api, pod));

        simulator.Resizes.Script(ResizeOutcome.Infeasible, "Node didn't have enough capacity: memory, requested: 64Gi, capacity: 8Gi");
        await client.CoreV1.PatchNamespacedPodResizeAsync(new V1Patch(ResizeBoth("128Mi", "64Mi"), V1Patch.PatchType.StrategicMergePatch), pod, "default", cancellationToken: Ct);
        await Eventually.True(() => PendingReason(api, pod) == "Infeasible", "the resize is infeasible");
        simulator.Resizes.RetryPending();

        var condition = api.Get<V1Pod>("pods", "default", pod)!.Status.Conditions.Single(c => c.Type == "PodResizePending");
        Assert.Equal("Node didn't have enough capacity: memory, requested: 64Gi, capacity: 8Gi", condition.Message);
        Assert.Equal("96Mi", Actual(api, pod, "app"));
        Assert.Empty(api.Failures);
    }

    private static async Task<FakeKubeApiServer> ResizeServerAsync(int minor) =>
        await FakeKubeApiServer.StartAsync(new FakeKubeApiOptions { KubernetesMinorVersion = minor }, Ct);

    private static Task<RawApi.Answer> Patch(RawApi raw, string jsonPatch) =>
        raw.SendAsync(HttpMethod.Patch, PodPath + "/resize", jsonPatch, "application/json-patch+json");

    private static string MemoryPatch(string memory) => $$"""
        [{"op":"replace","path":"/spec/containers/0/resources/limits/memory","value":"{{memory}}"},
         {"op":"replace","path":"/spec/containers/0/resources/requests/memory","value":"{{memory}}"}]
        """;

    private static string ResizeBoth(string app, string store) =>
        $"{{\"spec\":{{\"containers\":[{Entry("app", app)},{Entry("store", store)}]}}}}";

    private static string Entry(string name, string memory) => new JsonObject
    {
        ["name"] = name,
        ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["memory"] = memory }, ["limits"] = new JsonObject { ["memory"] = memory } },
    }.ToJsonString();

    private static IEnumerable<string> ResourceNames(RawApi.Answer discovery) =>
        discovery.Body["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>());

    /// <summary>A Guaranteed pod: cpu and memory requests equal their limits.</summary>
    private static JsonObject Pod(string memoryPolicy = "NotRequired") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(Container("main", "64Mi", memoryPolicy)),
        },
    };

    private static JsonObject Container(string name, string memory, string memoryPolicy) => new()
    {
        ["name"] = name,
        ["image"] = "example/app:1",
        ["resources"] = new JsonObject
        {
            ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = memory },
            ["limits"] = new JsonObject { ["cpu"] = "100m", ["memory"] = memory },
        },
        ["resizePolicy"] = new JsonArray(
            new JsonObject { ["resourceName"] = "cpu", ["restartPolicy"] = "NotRequired" },
            new JsonObject { ["resourceName"] = "memory", ["restartPolicy"] = memoryPolicy }),
    };

    /// <summary>Creates the pod through the API and gives it the status a kubelet would.</summary>
    private static async Task CreateRunningPodAsync(FakeKubeApiServer api, RawApi raw, JsonObject pod, bool reportResources = true)
    {
        var created = await raw.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", pod);
        Assert.Equal(HttpStatusCode.Created, created.Code);
        var container = pod["spec"]!["containers"]![0]!;
        var status = new JsonObject { ["name"] = container["name"]!.GetValue<string>(), ["restartCount"] = 0 };
        if (reportResources)
        {
            status["resources"] = container["resources"]!.DeepClone();
        }

        api.SetStatus("pods", "default", "web", new JsonObject { ["phase"] = "Running", ["containerStatuses"] = new JsonArray(status) });
    }

    private static V1Deployment ResizableDeployment()
    {
        var deployment = TestObjects.Deployment("web");
        deployment.Spec.Template.Spec.Containers =
        [
            KubernetesJson.Deserialize<V1Container>(Container("app", "64Mi", "NotRequired").ToJsonString()),
            KubernetesJson.Deserialize<V1Container>(Container("store", "64Mi", "RestartContainer").ToJsonString()),
        ];
        return deployment;
    }

    private static async Task<string> SinglePodAsync(FakeKubeApiServer api)
    {
        await Eventually.True(() => api.List("pods", "default").Count == 1, "the pod exists");
        return TestObjects.NameOf(api.List("pods", "default")[0]);
    }

    private static string? Actual(FakeKubeApiServer api, string pod, string container) =>
        api.Get<V1Pod>("pods", "default", pod)?.Status.ContainerStatuses.Single(c => c.Name == container).Resources?.Limits["memory"].ToString();

    private static string? PendingReason(FakeKubeApiServer api, string pod) =>
        api.Get<V1Pod>("pods", "default", pod)?.Status.Conditions?.SingleOrDefault(c => c.Type == "PodResizePending")?.Reason;
}
