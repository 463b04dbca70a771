using System.Diagnostics;
using System.Text.Json.Nodes;
using SensorStack.FakeKubeApi;

namespace SensorStack.Bench.Operator;

internal sealed record RunResult(
    string Variant, int Stacks, TimeSpan TimeToReady, long IdleRssBytes, long PeakRssBytes, long HoldingRssBytes, long Requests, long Writes,
    double SteadyWritesPerMinute, double SteadyStatusWritesPerMinute, double SteadyRequestsPerMinute, MemorySample IdleMemory, MemorySample HoldingMemory);

/// <summary>
/// One measured run: a fresh fake API server and operator process, N SensorStacks created at
/// once, the time until every one reports Ready, then a steady-state window after every pod has
/// reported constant memory use.
/// </summary>
internal static class BenchRun
{
    private const string Namespace = "bench";
    private const string Stacks = "sensorstacks.sensorstack.io";
    private static readonly string[] ChildResources =
        ["deployments.apps", "services", "configmaps", "serviceaccounts", "roles.rbac.authorization.k8s.io", "rolebindings.rbac.authorization.k8s.io"];

    public static async Task<RunResult> RunAsync(BenchArguments arguments, OperatorVariant variant, int count)
    {
        await using var api = await StartApiAsync();
        await using var simulator = api.SimulateDeployments();
        var kubeconfig = api.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"operator-bench-{Environment.ProcessId}.yaml"));
        using var op = OperatorProcess.Start(variant, kubeconfig, arguments.ObserveInterval);

        // Idle: the operator has listed and is watching every kind (one open watch per informer).
        await WaitAsync(() => api.OpenWatches >= 8, "the operator's informers are watching", arguments.Timeout, op);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var idleMemory = await op.MemoryAsync();
        var idleRss = op.RssBytes;
        api.Requests.Reset();

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            api.Put(Stack($"s{i:D4}"));
        }

        await WaitAsync(() => ReadyCount(api) == count, $"all {count} stacks are Ready", arguments.Timeout, op);
        var timeToReady = clock.Elapsed;
        var requests = api.Requests.Total;
        var writes = api.Requests.Writes();
        Console.WriteLine($"   ready after {timeToReady.TotalSeconds:F1}s, {requests} requests");

        // Constant memory use for every pod, then let one observation cycle absorb it.
        foreach (var pod in api.List("pods", Namespace))
        {
            var containers = pod["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>());
            api.SetPodMetrics(Namespace, pod["metadata"]!["name"]!.GetValue<string>(), containers.ToDictionary(c => c, _ => "20Mi"));
        }

        await Task.Delay(arguments.ObserveInterval * 2 + TimeSpan.FromSeconds(5));
        api.Requests.Reset();
        await Task.Delay(arguments.Steady);
        var minutes = arguments.Steady.TotalMinutes;
        var steadyWrites = api.Requests.Writes() / minutes;
        var steadyStatus = api.Requests.Writes(Stacks + "/status") / minutes;
        var steadyRequests = api.Requests.Total / minutes;
        var childWrites = ChildResources.Sum(r => api.Requests.Writes(r));
        // Holding every stack after convergence: what the operator needs for as long as they exist.
        var holdingMemory = await op.MemoryAsync();
        var holdingRss = op.RssBytes;
        Console.WriteLine($"   steady: {steadyWrites:F1} writes/min ({steadyStatus:F1} status, {childWrites} to children)");

        return new RunResult(
            variant.Label, count, timeToReady, idleRss, op.PeakRssBytes, holdingRss, requests, writes, steadyWrites, steadyStatus, steadyRequests,
            idleMemory, holdingMemory);
    }

    /// <summary>A fresh fake API server that serves the SensorStack CRD.</summary>
    public static async Task<FakeKubeApiServer> StartApiAsync()
    {
        var api = await FakeKubeApiServer.StartAsync(new FakeKubeApiOptions { EventHistoryCapacity = 500_000 });
        api.InstallCustomResourceDefinition(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "config", "crds", "sensorstack.io_sensorstacks.yaml")));
        return api;
    }

    public static int ReadyCount(FakeKubeApiServer api) =>
        api.List(Stacks, Namespace).Count(s =>
            s["status"]?["observedGeneration"]?.GetValue<long>() == s["metadata"]!["generation"]!.GetValue<long>()
            && s["status"]?["conditions"]?.AsArray().Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True") == true);

    public static JsonObject Stack(string name) => new()
    {
        ["apiVersion"] = "sensorstack.io/v1alpha1",
        ["kind"] = "SensorStack",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Namespace },
        ["spec"] = new JsonObject { ["memoryBudget"] = "300Mi", ["scrapeInterval"] = "30s" },
    };

    public static async Task WaitAsync(Func<bool> condition, string what, TimeSpan timeout, OperatorProcess op)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (op.HasExited)
            {
                throw new InvalidOperationException($"the operator exited while waiting until {what}");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"timed out after {timeout} waiting until {what}");
            }

            await Task.Delay(500);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SensorOperator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run the benchmark from inside the repository");
    }
}
