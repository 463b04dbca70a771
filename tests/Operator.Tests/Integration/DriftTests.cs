using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using static SensorOperator.Tests.Integration.OperatorHarness;
using SensorStack.Testing;

namespace SensorOperator.Tests.Integration;

/// <summary>
/// An edit of a field the operator owns, by another field manager (kubectl edit), is reverted by the
/// next resync, which applies every child with force; between resyncs nothing is written.
/// </summary>
public sealed class DriftTests
{
    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task An_edited_memory_limit_and_scrape_config_are_restored_within_one_resync()
    {
        await using var h = await OperatorHarness.StartAsync();
        await h.StartOperatorAsync(Options() with { ResyncInterval = Resync });
        await h.CreateStackAsync("demo", new JsonObject { ["memoryBudget"] = "300Mi" });
        await h.WaitForReadyAsync("demo");
        var planned = Limit(h.Deployment("demo-sensor")!);
        var scrape = ScrapeConfig(h);

        await h.Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""[{"op":"replace","path":"/spec/template/spec/containers/0/resources/limits/memory","value":"999Mi"}]""", V1Patch.PatchType.JsonPatch),
            "demo-sensor", Namespace, fieldManager: "kubectl-edit", cancellationToken: Ct);
        await h.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"scrape.yaml":"edited by hand"}}""", V1Patch.PatchType.MergePatch),
            "demo-scrape", Namespace, fieldManager: "kubectl-edit", cancellationToken: Ct);
        Assert.Equal("999Mi", Limit(h.Deployment("demo-sensor")!));

        var edited = DateTime.UtcNow;
        await Eventually.True(
            () => Limit(h.Deployment("demo-sensor")!) == planned && ScrapeConfig(h) == scrape,
            () => $"the limit is back at {planned} and the scrape config restored",
            timeout: Resync * 4);
        // Within one resync (plus one observe interval for the reconcile that notices it is due).
        Assert.True(DateTime.UtcNow - edited < Resync + TimeSpan.FromSeconds(3), $"restored after {DateTime.UtcNow - edited}");
    }

    [Fact]
    public async Task A_resync_that_finds_nothing_changed_writes_nothing()
    {
        await using var h = await OperatorHarness.StartAsync();
        await h.StartOperatorAsync(Options() with { ResyncInterval = TimeSpan.FromSeconds(1) });
        await h.CreateStackAsync("demo", new JsonObject { ["memoryBudget"] = "300Mi" });
        await h.WaitForReadyAsync("demo");
        var versions = h.ChildVersions("demo");
        var patches = h.Api.Requests.Count("patch", "deployments.apps");

        // Several resyncs run: each sends its applies, and the API server stores none of them.
        await Eventually.True(() => h.Api.Requests.Count("patch", "deployments.apps") >= patches + 3, () => "three more resync applies of the Deployments");
        Assert.Equal(versions, h.ChildVersions("demo"));
    }

    private static string Limit(V1Deployment deployment) => deployment.Spec.Template.Spec.Containers[0].Resources.Limits["memory"].ToString();

    private static string ScrapeConfig(OperatorHarness h) => h.Api.Get<V1ConfigMap>("configmaps", Namespace, "demo-scrape")!.Data["scrape.yaml"];
}
