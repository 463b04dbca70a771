using System.Text.Json.Nodes;
using ControllerMachinery;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using SensorOperator.Api;
using static SensorOperator.Tests.Integration.OperatorHarness;
using SensorStack.Testing;

namespace SensorOperator.Tests.Integration;

/// <summary>Infeasible specs, observed memory and OOM kills show up in status and Events.</summary>
public class ObservationTests
{
    private const long Mi = 1024 * 1024;

    [Fact]
    public async Task An_infeasible_change_reports_status_and_one_event_and_leaves_children_untouched()
    {
        await using var h = await OperatorHarness.StartAsync();
        await h.StartOperatorAsync();
        await h.CreateStackAsync("demo", new JsonObject { ["memoryBudget"] = "300Mi" });
        await h.WaitForReadyAsync("demo");
        var before = h.ChildVersions("demo");

        await h.PatchSpecAsync("demo", new JsonObject { ["grafana"] = new JsonObject { ["enabled"] = true, ["memoryLimit"] = "256Mi" } });
        var stack = await h.WaitForStackAsync(
            "demo",
            s => s.Status?.ObservedGeneration == 2 && Condition(s, ConditionTypes.BudgetAllocated)?.Status == "False",
            "BudgetAllocated is False at generation 2");
        await IdleAsync();

        Assert.Equal(ConditionReasons.LimitsExceedBudget, Condition(stack, ConditionTypes.BudgetAllocated)!.Reason);
        Assert.Single(h.Events("demo", ConditionReasons.LimitsExceedBudget));
        Assert.Equal(before, h.ChildVersions("demo"));
        Assert.Null(h.Deployment("demo-grafana"));
    }

    [Fact]
    public async Task Pod_metrics_fill_status_used_and_WithinBudget()
    {
        await using var h = await OperatorHarness.StartAsync();
        await h.StartOperatorAsync();
        await h.CreateStackAsync("demo", new JsonObject { ["memoryBudget"] = "300Mi" });
        await h.WaitForReadyAsync("demo");

        SetUsage(h, "demo-sensor", "10Mi");
        SetUsage(h, "demo-vm", "20Mi");
        var stack = await h.WaitForStackAsync(
            "demo",
            s => s.Status?.Used is { } used && new ResourceQuantity(used).ToInt64() == 30 * Mi,
            "status.used is the sum of the working sets");

        Assert.Equal("True", Condition(stack, ConditionTypes.WithinBudget)!.Status);
        Assert.Equal(10 * Mi, new ResourceQuantity(stack.Status!.Components!.Single(c => c.Name == "sensor").Used).ToInt64());
        Assert.Equal(ConditionReasons.WithinBudget, Condition(stack, ConditionTypes.WithinBudget)!.Reason);
    }

    [Fact]
    public async Task Usage_over_budget_is_reported_as_OverBudget_with_one_event()
    {
        await using var h = await OperatorHarness.StartAsync();
        await h.StartOperatorAsync();
        await h.CreateStackAsync("demo", new JsonObject { ["memoryBudget"] = "300Mi" });
        await h.WaitForReadyAsync("demo");

        SetUsage(h, "demo-sensor", "200Mi");
        SetUsage(h, "demo-vm", "200Mi");
        var stack = await h.WaitForStackAsync(
            "demo",
            s => Condition(s, ConditionTypes.WithinBudget) is { Status: "False", Reason: ConditionReasons.OverBudget }
                && new ResourceQuantity(s.Status!.Used).ToInt64() == 400 * Mi,
            "WithinBudget is False with reason OverBudget");
        await h.SettleAsync();

        Assert.Equal(400 * Mi, new ResourceQuantity(stack.Status!.Used).ToInt64());
        Assert.Single(h.Events("demo", ConditionReasons.OverBudget));
    }

    [Fact]
    public async Task An_OOMKilled_container_is_counted_and_reported_once()
    {
        await using var h = await OperatorHarness.StartAsync();
        await h.StartOperatorAsync();
        await h.CreateStackAsync("demo", new JsonObject { ["memoryBudget"] = "300Mi" });
        await h.WaitForReadyAsync("demo");
        var pod = Assert.Single(h.Pods("demo-sensor"));

        h.Api.UpdateStatus("pods", Namespace, pod.Metadata.Name, status =>
        {
            var container = status["containerStatuses"]![0]!.AsObject();
            container["restartCount"] = 1;
            container["lastState"] = new JsonObject
            {
                ["terminated"] = new JsonObject
                {
                    ["reason"] = "OOMKilled",
                    ["exitCode"] = 137,
                    ["containerID"] = "containerd://oom-1",
                    ["finishedAt"] = "2026-01-01T00:00:00Z",
                },
            };
        });
        var stack = await h.WaitForStackAsync(
            "demo",
            s => s.Status?.Components?.SingleOrDefault(c => c.Name == "sensor")?.OomKills == 1,
            "the sensor component counts one OOM kill");
        await h.SettleAsync();

        Assert.Equal(1, stack.Status!.Components!.Single(c => c.Name == "sensor").OomKills);
        Assert.Single(h.Events("demo", "OOMKilled"));
    }

    [Fact]
    public async Task OOM_kills_are_a_running_total_that_outlives_replaced_pods_and_operator_restarts()
    {
        await using var h = await OperatorHarness.StartAsync();
        var first = await h.StartOperatorAsync();
        await h.CreateStackAsync("demo", new JsonObject { ["memoryBudget"] = "300Mi" });
        await h.WaitForReadyAsync("demo");

        var pod = Assert.Single(h.Pods("demo-sensor"));
        OomKill(h, pod.Metadata.Name, "containerd://oom-1");
        await h.WaitForStackAsync("demo", s => SensorOomKills(s) == 1, "one OOM kill counted");

        // The pod is replaced (evicted, rescheduled by its ReplicaSet): its history goes with it, the total stays.
        var replacement = h.Api.Get("pods", Namespace, pod.Metadata.Name)!.DeepClone().AsObject();
        Assert.True(h.Api.Delete("pods", Namespace, pod.Metadata.Name));
        var metadata = replacement["metadata"]!.AsObject();
        metadata["name"] = pod.Metadata.Name + "-replaced";
        metadata.Remove("uid");
        metadata.Remove("resourceVersion");
        var container = replacement["status"]!["containerStatuses"]![0]!.AsObject();
        container["restartCount"] = 0;
        container.Remove("lastState");
        h.Api.Put(replacement);
        await h.WaitForStackAsync("demo", s => s.Status?.Components?.Single(c => c.Name == "sensor").CountedOomKills is { Count: 0 }, "the replaced pod's kill is no longer visible");
        Assert.Equal(1, SensorOomKills(h.Stack("demo")!));

        OomKill(h, pod.Metadata.Name + "-replaced", "containerd://oom-2");
        await h.WaitForStackAsync("demo", s => SensorOomKills(s) == 2, "the replacement's OOM kill is added to the total");
        await Eventually.True(() => h.Events("demo", "OOMKilled").Count == 2, () => "one event per OOM kill");

        // A restarted operator reads the total from status: it neither counts nor reports again.
        await h.StopOperatorAsync(first);
        var second = await h.StartOperatorAsync();
        var reconciles = second.Services.GetRequiredService<ControllerMetrics>().Reconciles;
        await Eventually.True(() => reconciles.WithLabels("requeue").Value >= 3, () => "the new operator reconciled the stack a few times");
        Assert.Equal(2, SensorOomKills(h.Stack("demo")!));
        Assert.Equal(2, h.Events("demo", "OOMKilled").Count);
    }

    private static int? SensorOomKills(V1Alpha1SensorStack stack) => stack.Status?.Components?.SingleOrDefault(c => c.Name == "sensor")?.OomKills;

    /// <summary>Marks the pod's first container as restarted after an OOM kill, as the kubelet reports it.</summary>
    private static void OomKill(OperatorHarness h, string pod, string containerId) =>
        h.Api.UpdateStatus("pods", Namespace, pod, status =>
        {
            var container = status["containerStatuses"]![0]!.AsObject();
            container["restartCount"] = (container["restartCount"]?.GetValue<int>() ?? 0) + 1;
            container["lastState"] = new JsonObject
            {
                ["terminated"] = new JsonObject
                {
                    ["reason"] = "OOMKilled",
                    ["exitCode"] = 137,
                    ["containerID"] = containerId,
                    ["finishedAt"] = "2026-01-01T00:00:00Z",
                },
            };
        });

    /// <summary>Reports the same working set for every container of every pod of a Deployment.</summary>
    private static void SetUsage(OperatorHarness h, string deployment, string perPod)
    {
        var pods = h.Pods(deployment);
        Assert.NotEmpty(pods);
        foreach (var pod in pods)
        {
            h.Api.SetPodMetrics(Namespace, pod.Metadata.Name, pod.Spec.Containers.ToDictionary(c => c.Name, _ => perPod));
        }
    }
}
