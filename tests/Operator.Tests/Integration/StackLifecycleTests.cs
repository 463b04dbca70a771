using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SensorOperator.Api;
using SensorStack.FakeKubeApi.Faults;
using static SensorOperator.Tests.Integration.OperatorHarness;
using SensorStack.Testing;

namespace SensorOperator.Tests.Integration;

/// <summary>Create, change, disable, delete: the operator keeps the children in line with the spec.</summary>
public class StackLifecycleTests
{
    private const long Mi = 1024 * 1024;

    [Fact]
    public async Task A_new_stack_gets_every_child_limits_within_budget_and_a_30s_scrape_config()
    {
        await using var h = await OperatorHarness.StartAsync();
        await h.StartOperatorAsync();

        await h.CreateStackAsync("demo", new JsonObject { ["memoryBudget"] = "448Mi", ["grafana"] = new JsonObject { ["enabled"] = true } });
        var stack = await h.WaitForReadyAsync("demo");

        foreach (var deployment in new[] { "demo-sensor", "demo-vm", "demo-grafana" })
        {
            var d = h.Deployment(deployment);
            Assert.NotNull(d);
            Assert.All(d.Spec.Template.Spec.Containers, c => Assert.Equal(c.Resources.Limits["memory"], c.Resources.Requests["memory"]));
            Assert.Equal("SensorStack", Assert.Single(d.Metadata.OwnerReferences).Kind);
        }

        Assert.InRange(h.AllocatedBytes("demo"), 1, 448 * Mi);
        var scrape = h.Api.Get<V1ConfigMap>("configmaps", Namespace, "demo-scrape");
        Assert.NotNull(scrape);
        Assert.Contains("scrape_interval: 30s", string.Concat(scrape.Data.Values), StringComparison.Ordinal);
        Assert.Contains(h.Children("demo"), c => c["kind"]!.GetValue<string>() == "ServiceAccount");
        Assert.Contains(h.Children("demo"), c => c["kind"]!.GetValue<string>() == "RoleBinding");
        Assert.Equal("True", Condition(stack, ConditionTypes.BudgetAllocated)?.Status);
        Assert.Empty(h.Api.Failures);
    }

    [Fact]
    public async Task A_budget_change_changes_the_limits_and_observedGeneration_follows()
    {
        await using var h = await OperatorHarness.StartAsync();
        await h.StartOperatorAsync();
        await h.CreateStackAsync("demo", new JsonObject { ["memoryBudget"] = "300Mi" });
        await h.WaitForReadyAsync("demo");
        var before = h.AllocatedBytes("demo");

        await h.PatchSpecAsync("demo", new JsonObject { ["memoryBudget"] = "600Mi" });
        var stack = await h.WaitForReadyAsync("demo", generation: 2);

        var after = h.AllocatedBytes("demo");
        Assert.True(after > before, $"allocated {after} bytes after the change, {before} before");
        Assert.InRange(after, 1, 600 * Mi);
        Assert.Equal(2, Condition(stack, ConditionTypes.BudgetAllocated)?.ObservedGeneration);
    }

    [Fact]
    public async Task Disabling_grafana_removes_its_children()
    {
        await using var h = await OperatorHarness.StartAsync();
        await h.StartOperatorAsync();
        await h.CreateStackAsync("demo", new JsonObject { ["memoryBudget"] = "448Mi", ["grafana"] = new JsonObject { ["enabled"] = true } });
        await h.WaitForReadyAsync("demo");
        Assert.Contains(h.Children("demo"), IsGrafana);

        await h.PatchSpecAsync("demo", new JsonObject { ["grafana"] = new JsonObject { ["enabled"] = false } });
        await h.WaitForReadyAsync("demo", generation: 2);

        await Eventually.True(() => !h.Children("demo").Any(IsGrafana), () => "no grafana child is left");
        Assert.NotNull(h.Deployment("demo-sensor"));
        Assert.NotNull(h.Deployment("demo-vm"));
        Assert.Null(h.Deployment("demo-grafana"));
    }

    [Fact]
    public async Task Deleting_a_stack_collects_its_children_and_they_stay_gone()
    {
        await using var h = await OperatorHarness.StartAsync();
        await h.StartOperatorAsync();
        await h.CreateStackAsync("demo", new JsonObject { ["memoryBudget"] = "300Mi" });
        await h.WaitForReadyAsync("demo");
        Assert.NotEmpty(h.Children("demo"));

        await h.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(
            V1Alpha1SensorStack.Group, V1Alpha1SensorStack.Version, Namespace, V1Alpha1SensorStack.Plural, "demo", cancellationToken: Ct);

        await Eventually.True(() => h.Children("demo").Count == 0 && h.Pods("demo-sensor").Count == 0, () => "every child and pod is collected");
        await IdleAsync();
        Assert.Empty(h.Children("demo"));
    }

    [Fact]
    public async Task A_reconcile_in_flight_when_its_stack_is_deleted_writes_no_further_children()
    {
        await using var h = await OperatorHarness.StartAsync();
        // Every apply takes half a second, so the stack is deleted while a reconcile is between
        // the applies of its children, and its delete event arrives before the next one.
        var slowApplies = h.Api.Faults.Add(new FaultRule { Verbs = "patch", Delay = TimeSpan.FromMilliseconds(500) });
        await h.StartOperatorAsync();
        await h.CreateStackAsync("demo", new JsonObject { ["memoryBudget"] = "300Mi" });
        await Eventually.True(() => slowApplies.Applied >= 1, () => "the first child apply is under way");

        await h.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(
            V1Alpha1SensorStack.Group, V1Alpha1SensorStack.Version, Namespace, V1Alpha1SensorStack.Plural, "demo", cancellationToken: Ct);
        var appliesAtDeletion = slowApplies.Applied;
        await IdleAsync(4);

        // Only the apply already on the wire when the stack went may land; none starts afterwards.
        Assert.Equal(appliesAtDeletion, slowApplies.Applied);
        await Eventually.True(() => h.Children("demo").Count == 0 && !h.Api.GarbageCollectionPending, () => "no child outlives its stack");
    }

    private static bool IsGrafana(JsonObject child) =>
        child["metadata"]!["labels"]?["app.kubernetes.io/component"]?.GetValue<string>() == "grafana"
        || child["metadata"]!["name"]!.GetValue<string>().StartsWith("demo-grafana", StringComparison.Ordinal);
}
