using System.Text.Json.Nodes;
using SensorOperator.Api;
using SensorStack.FakeKubeApi;
using SensorStack.FakeKubeApi.Faults;
using static SensorOperator.Tests.Integration.OperatorHarness;
using SensorStack.Testing;

namespace SensorOperator.Tests.Integration;

/// <summary>Faults, leadership and restarts: the operator converges, writes once, and only as leader.</summary>
public class ResilienceTests
{
    [Fact]
    public async Task Dropped_watches_and_20_percent_server_errors_still_converge_without_duplicates()
    {
        await using var h = await OperatorHarness.StartAsync();
        h.Api.Faults.Add(new FaultRule { Verbs = "get,list,create,update,patch,delete", StatusCode = 500, Rate = 0.1 });
        h.Api.Faults.Add(new FaultRule { Verbs = "get,list,create,update,patch,delete", StatusCode = 503, Rate = 0.11, RetryAfter = TimeSpan.FromSeconds(1) });
        var host = await h.StartOperatorAsync();
        using var dropping = new CancellationTokenSource();
        var dropper = DropWatchesEverySecondAsync(h.Api, dropping.Token);

        var names = new[] { "alpha", "beta", "gamma" };
        foreach (var name in names)
        {
            await CreateWithRetryAsync(h, name);
        }

        foreach (var name in names)
        {
            await h.WaitForReadyAsync(name);
        }

        await dropping.CancelAsync();
        await dropper;
        Assert.True(h.Api.Faults.Injected > 0, "faults were injected");
        Assert.True(await MetricAsync(host, "sensor_operator_watch_restarts_total") > 0, "watches were restarted");
        foreach (var name in names)
        {
            var deployments = h.Api.List("deployments.apps", Namespace, $"app.kubernetes.io/instance={name}");
            Assert.Equal(2, deployments.Count);
            Assert.Equal(h.Children(name).Count, h.Children(name).Select(c => $"{c["kind"]}/{c["metadata"]!["name"]}").Distinct().Count());
        }

        Assert.Empty(h.Api.Failures);
    }

    [Fact]
    public async Task With_two_instances_only_the_leader_writes_and_the_other_takes_over()
    {
        await using var h = await OperatorHarness.StartAsync();
        var a = await h.StartOperatorAsync(Options("op-a", leaderElect: true));
        await Eventually.True(() => LeaseHolder(h) == "op-a", () => "op-a holds the lease");
        var b = await h.StartOperatorAsync(Options("op-b", leaderElect: true));

        await h.CreateStackAsync("demo", new JsonObject { ["memoryBudget"] = "300Mi" });
        await h.WaitForReadyAsync("demo");
        await h.SettleAsync(2);

        Assert.True(await SuccessfulWritesAsync(a) > 0, "the leader wrote");
        Assert.Equal(0, await SuccessfulWritesAsync(b));

        await h.StopOperatorAsync(a);
        await h.PatchSpecAsync("demo", new JsonObject { ["memoryBudget"] = "400Mi" });
        await h.WaitForReadyAsync("demo", generation: 2);
        Assert.Equal("op-b", LeaseHolder(h));
        Assert.True(await SuccessfulWritesAsync(b) > 0, "the new leader wrote");
    }

    [Fact]
    public async Task A_restarted_operator_does_not_rewrite_unchanged_children()
    {
        await using var h = await OperatorHarness.StartAsync();
        var first = await h.StartOperatorAsync();
        await h.CreateStackAsync("demo", new JsonObject { ["memoryBudget"] = "448Mi", ["grafana"] = new JsonObject { ["enabled"] = true } });
        await h.WaitForReadyAsync("demo");
        await h.SettleAsync(2);
        await h.StopOperatorAsync(first);
        var versions = h.ChildVersions("demo");
        var childWrites = ChildResources.Sum(r => h.Api.Requests.Writes(r));

        var second = await h.StartOperatorAsync();
        await Eventually.True(
            () => MetricAsync(second, "sensor_operator_reconcile_total").GetAwaiter().GetResult() >= 3,
            () => "the restarted operator reconciled a few times");

        Assert.Equal(versions, h.ChildVersions("demo"));
        Assert.Equal(childWrites, ChildResources.Sum(r => h.Api.Requests.Writes(r)));
    }

    private static string? LeaseHolder(OperatorHarness h) =>
        h.Api.Get("leases.coordination.k8s.io", "default", "sensor-operator-leader")?["spec"]?["holderIdentity"]?.GetValue<string>();

    /// <summary>Creating through the same faults as the operator: a 5xx means "try again", as kubectl users would.</summary>
    private static async Task CreateWithRetryAsync(OperatorHarness h, string name)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await h.CreateStackAsync(name, new JsonObject { ["memoryBudget"] = "300Mi" });
                return;
            }
            catch (k8s.Autorest.HttpOperationException e) when ((int)e.Response.StatusCode >= 500 && attempt < 20)
            {
                await Task.Delay(50, Ct);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                // An earlier attempt reached the store before its response was replaced by a fault.
                return;
            }
        }
    }

    private static async Task DropWatchesEverySecondAsync(FakeKubeApiServer api, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                api.DropWatches();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The scenario is over; stop dropping.
        }
    }
}
