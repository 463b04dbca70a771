using k8s;
using k8s.Models;
using SensorStack.FakeKubeApi;
using static SensorStack.FakeKubeApiTests.TestObjects;
using SensorStack.Testing;

namespace SensorStack.FakeKubeApiTests;

public class GarbageCollectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deleting_an_owner_collects_its_dependents_down_the_tree()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        var owner = await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("owner"), "default", cancellationToken: Ct);
        var child = ConfigMap("child");
        child.Metadata.OwnerReferences = [OwnerReference(owner)];
        var createdChild = await client.CoreV1.CreateNamespacedConfigMapAsync(child, "default", cancellationToken: Ct);
        var grandchild = ConfigMap("grandchild");
        grandchild.Metadata.OwnerReferences = [OwnerReference(createdChild)];
        await client.CoreV1.CreateNamespacedConfigMapAsync(grandchild, "default", cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("bystander"), "default", cancellationToken: Ct);

        await client.AppsV1.DeleteNamespacedDeploymentAsync("owner", "default", cancellationToken: Ct);

        await Eventually.True(() => api.List("configmaps").Count == 1, "the dependents are collected");
        Assert.Equal("bystander", NameOf(Assert.Single(api.List("configmaps"))));
        Assert.Empty(api.Failures);
    }

    [Fact]
    public async Task A_dependent_with_another_live_owner_survives()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        var first = await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("first"), "default", cancellationToken: Ct);
        var second = await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("second"), "default", cancellationToken: Ct);
        var shared = ConfigMap("shared");
        shared.Metadata.OwnerReferences = [OwnerReference(first), OwnerReference(second)];
        await client.CoreV1.CreateNamespacedConfigMapAsync(shared, "default", cancellationToken: Ct);

        await client.AppsV1.DeleteNamespacedDeploymentAsync("first", "default", cancellationToken: Ct);
        await Eventually.True(() => !api.GarbageCollectionPending, "the collector is idle");
        Assert.Single(api.List("configmaps"));

        await client.AppsV1.DeleteNamespacedDeploymentAsync("second", "default", cancellationToken: Ct);
        await Eventually.True(() => api.List("configmaps").Count == 0, "the last owner's dependents are collected");
    }

    [Fact]
    public async Task An_object_created_for_an_owner_that_is_gone_is_collected()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        var owner = await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("owner"), "default", cancellationToken: Ct);
        await client.AppsV1.DeleteNamespacedDeploymentAsync("owner", "default", cancellationToken: Ct);
        var late = ConfigMap("late");
        late.Metadata.OwnerReferences = [OwnerReference(owner)];

        await client.CoreV1.CreateNamespacedConfigMapAsync(late, "default", cancellationToken: Ct);

        await Eventually.True(() => api.List("configmaps").Count == 0, "the late dependent is collected");
    }

    [Fact]
    public async Task Orphan_propagation_keeps_dependents_and_drops_the_reference()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        var owner = await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("owner"), "default", cancellationToken: Ct);
        var child = ConfigMap("child");
        child.Metadata.OwnerReferences = [OwnerReference(owner)];
        await client.CoreV1.CreateNamespacedConfigMapAsync(child, "default", cancellationToken: Ct);

        await client.AppsV1.DeleteNamespacedDeploymentAsync("owner", "default", propagationPolicy: "Orphan", cancellationToken: Ct);

        await Eventually.True(() => api.Get<V1ConfigMap>("configmaps", "default", "child")!.Metadata.OwnerReferences is not { Count: > 0 }, "the reference is dropped");
        Assert.Single(api.List("configmaps"));
    }

    [Fact]
    public async Task Delete_preconditions_that_do_not_hold_are_a_conflict()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cm"), "default", cancellationToken: Ct);

        var e = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.CoreV1.DeleteNamespacedConfigMapAsync(
            "cm", "default", new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = "not-the-uid" } }, cancellationToken: Ct));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, e.Response.StatusCode);
        Assert.Single(api.List("configmaps"));
    }
}
