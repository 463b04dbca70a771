using k8s;
using k8s.Models;
using SensorStack.FakeKubeApi;
using static SensorStack.FakeKubeApiTests.TestObjects;
using SensorStack.Testing;

namespace SensorStack.FakeKubeApiTests;

public class DeploymentSimulatorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deployments_get_ready_pods_and_status_and_follow_template_changes()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        await using var simulator = api.SimulateDeployments();

        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", replicas: 2), "default", cancellationToken: Ct);
        await Eventually.True(() => api.Get<V1Deployment>("deployments.apps", "default", "web")!.Status?.ReadyReplicas == 2, "two replicas are ready");
        var firstPods = api.List("pods", "default").Select(NameOf).ToList();

        await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"example/app:2"}]}}}}""", V1Patch.PatchType.MergePatch),
            "web", "default", cancellationToken: Ct);
        await Eventually.True(() => api.Get<V1Deployment>("deployments.apps", "default", "web")!.Status?.ObservedGeneration == 2, "the new generation is observed");

        var pods = api.List("pods", "default").Select(p => TestJson.Deserialize<V1Pod>(p.ToJsonString())).ToList();
        Assert.Equal(2, firstPods.Count);
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.Equal("example/app:2", p.Spec.Containers[0].Image));
        Assert.All(pods, p => Assert.Equal("web", p.Metadata.Labels["app"]));
        Assert.Empty(pods.Select(p => p.Metadata.Name).Intersect(firstPods));
        Assert.Equal(0, api.OpenWatches);
        Assert.Empty(api.Failures);
    }

    [Fact]
    public async Task Pods_of_a_deleted_deployment_are_collected()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        await using var simulator = api.SimulateDeployments();
        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), "default", cancellationToken: Ct);
        await Eventually.True(() => api.List("pods").Count == 1, "the pod exists");

        await client.AppsV1.DeleteNamespacedDeploymentAsync("web", "default", cancellationToken: Ct);

        await Eventually.True(() => api.List("pods").Count == 0, "the pod is collected");
    }

    [Fact]
    public async Task Pods_can_be_kept_unready()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        await using var simulator = api.SimulateDeployments();
        simulator.PodsBecomeReady = false;

        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), "default", cancellationToken: Ct);
        await Eventually.True(() => api.Get<V1Deployment>("deployments.apps", "default", "web")!.Status?.Replicas == 1, "the status is written");

        Assert.Null(api.Get<V1Deployment>("deployments.apps", "default", "web")!.Status.ReadyReplicas);
    }
}
