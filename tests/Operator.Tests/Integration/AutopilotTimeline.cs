using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;
using SensorOperator.Api;
using SensorOperator.Cli;
using SensorStack.FakeKubeApi;

namespace SensorOperator.Tests.Integration;

/// <summary>
/// A simulated day for the budget autopilot: the real operator host against the fake API server,
/// both on one fake clock; the test scripts each pod's working set (PodMetrics) over time, steps
/// the clock and lets the operator, the stand-in deployment controller and the stand-in kubelet
/// settle after each step. Every write the fake commits is recorded, so invariants are checked after
/// each single write, not only where a step ends.
/// </summary>
internal sealed class AutopilotTimeline : IAsyncDisposable
{
    public const string Stack = "day";
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(30);

    private readonly FakeTimeProvider clock;
    private WebApplication? host;

    private AutopilotTimeline(OperatorHarness harness, FakeTimeProvider clock, WriteLog writes)
    {
        Harness = harness;
        this.clock = clock;
        Writes = writes;
    }

    public OperatorHarness Harness { get; }

    public WriteLog Writes { get; }

    public DateTimeOffset Now => clock.GetUtcNow();

    public FakeKubeApiServer Api => Harness.Api;

    public static async Task<AutopilotTimeline> StartAsync(int kubernetesMinor, string budget)
    {
        var clock = new FakeTimeProvider(Start);
        var harness = await OperatorHarness.StartAsync(new FakeKubeApiOptions { KubernetesMinorVersion = kubernetesMinor, TimeProvider = clock, BookmarkInterval = TimeSpan.FromMinutes(1) });
        var timeline = new AutopilotTimeline(harness, clock, harness.Api.RecordWrites());
        await timeline.StartOperatorAsync();
        await harness.CreateStackAsync(Stack, new JsonObject
        {
            ["memoryBudget"] = budget,
            ["autopilot"] = new JsonObject { ["enabled"] = true },
        });
        await timeline.SettleAsync();
        return timeline;
    }

    /// <summary>(Re)starts the operator; its periodic reconcile comes every <see cref="Step"/> of fake time.</summary>
    public async Task StartOperatorAsync()
    {
        host = await Harness.StartOperatorAsync(OperatorHarness.Options() with
        {
            ObserveInterval = Step,
            WatchTimeout = TimeSpan.FromMinutes(10),
            DiscoveryInterval = TimeSpan.FromMinutes(10),
        }, time: clock);
    }

    public async Task StopOperatorAsync()
    {
        await Harness.StopOperatorAsync(host!);
        host = null;
    }

    /// <summary>Sets each pod's working set from <paramref name="demand"/> (component → MiB), steps the clock and waits for the writes to end.</summary>
    public async Task AdvanceAsync(Func<DateTimeOffset, IReadOnlyDictionary<string, long>> demand)
    {
        clock.Advance(Step);
        SetMetrics(demand(Now));
        await SettleAsync();
    }

    /// <summary>The stack's status component, by name.</summary>
    public ComponentStatus Component(string name) =>
        Harness.Stack(Stack)!.Status!.Components!.Single(c => c.Name == name);

    public long LimitMi(string component) => Quantity(Component(component).Limit) >> 20;

    public void SetMetrics(IReadOnlyDictionary<string, long> demandMi)
    {
        foreach (var pod in Api.List("pods", OperatorHarness.Namespace, $"app.kubernetes.io/instance={Stack}"))
        {
            var component = ComponentOf(pod);
            var container = pod["spec"]!["containers"]![0]!["name"]!.GetValue<string>();
            Api.SetPodMetrics(OperatorHarness.Namespace, pod["metadata"]!["name"]!.GetValue<string>(), new Dictionary<string, string> { [container] = $"{demandMi.GetValueOrDefault(component)}Mi" });
        }
    }

    /// <summary>The status component name of a pod (the label the planner puts on it).</summary>
    public static string ComponentOf(JsonObject pod) =>
        pod["metadata"]?["labels"]?["app.kubernetes.io/component"]?.GetValue<string>() switch
        {
            "sensor" => "sensor",
            "metrics-store" => "victoriaMetrics",
            "dashboards" => "grafana",
            var other => other ?? "",
        };

    /// <summary>
    /// Waits until nothing is written any more: the operator reconciled after the clock moved, and
    /// neither it nor the stand-ins wrote for a while. Each poll moves the clock a second, so
    /// back-offs and short timers on the fake clock run too.
    /// </summary>
    public async Task SettleAsync()
    {
        var quiet = 0;
        var lastVersion = -1L;
        for (var i = 0; i < 600 && quiet < 8; i++)
        {
            await Task.Delay(25, OperatorHarness.Ct);
            var version = Api.ResourceVersion;
            quiet = version == lastVersion && Observed() ? quiet + 1 : 0;
            lastVersion = version;
            clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private bool Observed() =>
        Harness.Stack(Stack)?.Status?.Components is { Count: > 0 } components
        && components.All(c => c.Autopilot?.LastObservedAt is { } at && at >= Now.UtcDateTime - Step / 2);

    public static long Quantity(string? text) => text is null ? 0 : new ResourceQuantity(text).ToInt64();

    public async ValueTask DisposeAsync()
    {
        Writes.Dispose();
        await Harness.DisposeAsync();
    }
}
