using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SensorStack.FakeKubeApi;
using static SensorStack.FakeKubeApiTests.TestObjects;

namespace SensorStack.FakeKubeApiTests;

public class StatusSubresourceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Status_sent_with_a_create_or_main_update_is_ignored()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        var deployment = Deployment("web");
        deployment.Status = new V1DeploymentStatus { ReadyReplicas = 7 };

        var created = await client.AppsV1.CreateNamespacedDeploymentAsync(deployment, "default", cancellationToken: Ct);
        var statusAfterCreate = created.Status;
        created.Status = new V1DeploymentStatus { ReadyReplicas = 9 };
        var updated = await client.AppsV1.ReplaceNamespacedDeploymentAsync(created, "web", "default", cancellationToken: Ct);

        Assert.Null(statusAfterCreate);
        Assert.Null(updated.Status);
    }

    [Fact]
    public async Task The_status_subresource_changes_only_status_and_keeps_generation()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        var created = await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", replicas: 1), "default", cancellationToken: Ct);
        created.Spec.Replicas = 4;
        created.Status = new V1DeploymentStatus { ReadyReplicas = 1, ObservedGeneration = 1 };

        var afterStatus = await client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(created, "web", "default", cancellationToken: Ct);
        var patched = await client.AppsV1.PatchNamespacedDeploymentStatusAsync(
            new V1Patch("""{"status":{"readyReplicas":2}}""", V1Patch.PatchType.MergePatch), "web", "default", cancellationToken: Ct);

        Assert.Equal(1, afterStatus.Spec.Replicas);
        Assert.Equal(1, afterStatus.Status.ReadyReplicas);
        Assert.Equal(1, afterStatus.Metadata.Generation);
        Assert.Equal(2, patched.Status.ReadyReplicas);
        Assert.Equal(1, patched.Metadata.Generation);
    }

    [Fact]
    public async Task Generation_bumps_on_spec_changes_only()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", replicas: 1), "default", cancellationToken: Ct);

        var labelled = await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"metadata":{"labels":{"extra":"x"}}}""", V1Patch.PatchType.MergePatch), "web", "default", cancellationToken: Ct);
        var scaled = await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"replicas":2}}""", V1Patch.PatchType.MergePatch), "web", "default", cancellationToken: Ct);

        Assert.Equal(1, labelled.Metadata.Generation);
        Assert.Equal(2, scaled.Metadata.Generation);
    }

    [Fact]
    public async Task Apply_to_the_status_subresource_sets_status_of_a_custom_resource()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        api.InstallThirdPartyCrd(ThirdPartyCrds.VMServiceScrapes);
        var client = api.CreateClient();
        var scrape = new JsonObject
        {
            ["apiVersion"] = "operator.victoriametrics.com/v1beta1",
            ["kind"] = "VMServiceScrape",
            ["metadata"] = new JsonObject { ["name"] = "s", ["namespace"] = "default" },
            // endpoints is required by the VictoriaMetrics operator's schema.
            ["spec"] = new JsonObject { ["selector"] = new JsonObject(), ["endpoints"] = new JsonArray(new JsonObject { ["port"] = "metrics" }) },
        };
        using var raw = new RawApi(api);
        Assert.Equal(HttpStatusCode.Created, (await raw.SendAsync(HttpMethod.Post, "apis/operator.victoriametrics.com/v1beta1/namespaces/default/vmservicescrapes", scrape)).Code);

        var status = new JsonObject
        {
            ["apiVersion"] = "operator.victoriametrics.com/v1beta1",
            ["kind"] = "VMServiceScrape",
            ["metadata"] = new JsonObject { ["name"] = "s", ["namespace"] = "default" },
            ["status"] = new JsonObject { ["updateStatus"] = "operational" },
        };
        await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(status.ToJsonString(), V1Patch.PatchType.ApplyPatch), "operator.victoriametrics.com", "v1beta1", "default", "vmservicescrapes", "s",
            fieldManager: "vm-operator", cancellationToken: Ct);

        var stored = api.Get("vmservicescrapes.operator.victoriametrics.com", "default", "s")!;
        Assert.Equal("operational", stored["status"]!["updateStatus"]!.GetValue<string>());
        Assert.Equal(1, stored["metadata"]!["generation"]!.GetValue<long>());
        Assert.NotNull(stored["spec"]!["selector"]);
    }

    [Fact]
    public async Task Tests_set_pod_and_deployment_status_directly()
    {
        await using var api = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        var client = api.CreateClient();
        api.Put(new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "default" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "x" }] },
            Status = new V1PodStatus
            {
                Phase = "Running",
                ContainerStatuses =
                [
                    new V1ContainerStatus
                    {
                        Name = "main", Image = "x", ImageID = "x", Ready = true, RestartCount = 1,
                        LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { Reason = "OOMKilled", ExitCode = 137 } },
                    },
                ],
            },
        });
        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), "default", cancellationToken: Ct);
        api.SetStatus("deployments.apps", "default", "web", JsonNode.Parse("""{"readyReplicas":1,"replicas":1}"""));

        var pod = await client.CoreV1.ReadNamespacedPodAsync("p", "default", cancellationToken: Ct);
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("web", "default", cancellationToken: Ct);

        Assert.Equal("OOMKilled", pod.Status.ContainerStatuses[0].LastState.Terminated.Reason);
        Assert.Equal(1, deployment.Status.ReadyReplicas);
    }
}
