using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using SensorStack.FakeKubeApi.Http;
using SensorStack.FakeKubeApi.Resize;
using SensorStack.FakeKubeApi.Selectors;
using SensorStack.FakeKubeApi.Store;
using SensorStack.FakeKubeApi.Watch;

namespace SensorStack.FakeKubeApi.Simulation;

/// <summary>What the stand-in kubelet does with the next resize it sees.</summary>
public enum ResizeOutcome
{
    /// <summary>Admitted and actuated: <c>PodResizeInProgress</c>, then the new resources in status.</summary>
    Actuated,

    /// <summary><c>PodResizePending</c>/<c>Deferred</c>: fits the node in theory, not now; retried on <see cref="KubeletResizer.RetryPending"/>.</summary>
    Deferred,

    /// <summary><c>PodResizePending</c>/<c>Infeasible</c>: never fits this node; not retried until the spec changes again.</summary>
    Infeasible,

    /// <summary>Admitted (allocated) but not actuated yet: <c>PodResizeInProgress</c> until <see cref="KubeletResizer.RetryPending"/>.</summary>
    InProgress,
}

/// <summary>
/// The kubelet's part of an in-place resize (KEP-1287 "Kubelet and API Server Interaction",
/// "Resize Status"; the docs' "Pod resize status"): it watches pods and, where the desired cpu and
/// memory in <c>spec.containers[*].resources</c> differ from the actual ones in
/// <c>status.containerStatuses[*].resources</c>, admits, defers or refuses the resize through the
/// pod conditions <c>PodResizePending</c> (reason <c>Deferred</c> or <c>Infeasible</c>) and
/// <c>PodResizeInProgress</c>, then actuates it: <c>allocatedResources</c> and <c>resources</c>
/// follow the spec, and a container whose <c>resizePolicy</c> for a changed resource is
/// <c>RestartContainer</c> is restarted (its <c>restartCount</c> goes up). Tests script outcomes.
/// </summary>
public sealed class KubeletResizer : IAsyncDisposable
{
    private readonly FakeKubeApiServer api;
    private readonly ObjectStore store;
    private readonly Watcher watcher;
    private readonly Task loop;
    private readonly ConcurrentQueue<(ResizeOutcome Outcome, string? Message)> script = new();

    // Pod uid → the desired resources last decided on with an outcome that waits (deferred,
    // infeasible, held in progress): the kubelet does not act on the same request twice.
    private readonly ConcurrentDictionary<string, string> waiting = new();
    private int actuated;

    internal KubeletResizer(FakeKubeApiServer api, ObjectStore store)
    {
        this.api = api;
        this.store = store;
        watcher = store.OpenWatch(BuiltInResources.Pods, null, LabelSelector.Everything, FieldSelector.Everything, sinceResourceVersion: null, internalWatch: true);
        loop = Task.Run(() => WatchLoop.RunAsync(watcher, Sync, Failures));
    }

    /// <summary>The outcome of every resize not scripted with <see cref="Script"/>.</summary>
    public ResizeOutcome DefaultOutcome { get; set; } = ResizeOutcome.Actuated;

    /// <summary>Resizes actuated so far (each pod counted once per resize).</summary>
    public int Actuated => Volatile.Read(ref actuated);

    /// <summary>Failures while simulating (bugs; tests can assert there are none).</summary>
    public List<Exception> Failures { get; } = [];

    /// <summary>Decides the next resize (in the order the kubelet sees them) with <paramref name="outcome"/>.</summary>
    public void Script(ResizeOutcome outcome, string? message = null) => script.Enqueue((outcome, message));

    /// <summary>
    /// Re-evaluates every deferred or held resize, as the kubelet does on its next pod sync when
    /// resources were freed (infeasible ones stay: the kubelet does not retry them).
    /// </summary>
    public void RetryPending()
    {
        foreach (var pod in api.List("pods"))
        {
            var conditions = pod["status"]?["conditions"] as JsonArray ?? [];
            if (conditions.Any(c => c?["type"]?.GetValue<string>() is "PodResizeInProgress"
                || (c?["type"]?.GetValue<string>() == "PodResizePending" && c["reason"]?.GetValue<string>() == "Deferred")))
            {
                waiting.TryRemove(pod.Uid()!, out _);
                Sync(pod);
            }
        }
    }

    private void Sync(JsonObject seen)
    {
        // The stored pod, not the event's copy: events of this kubelet's own writes arrive later,
        // and acting on a stale copy would actuate one resize twice.
        if (api.Get("pods", seen.Namespace(), seen.Name()!) is not { } pod || pod.Uid() != seen.Uid())
        {
            return;
        }

        var statuses = pod["status"]?["containerStatuses"] as JsonArray;
        if (statuses is null || statuses.Any(s => s?["resources"] is null))
        {
            return;
        }

        var desired = PodResources.Containers(pod).ToDictionary(c => c!["name"]!.GetValue<string>(), c => PodResources.CpuAndMemory(c!["resources"]));
        var pending = statuses.Any(s => desired.TryGetValue(s!["name"]!.GetValue<string>(), out var want) && !PodResources.SameCpuAndMemory(want, s["resources"]));
        var uid = pod.Uid()!;
        var request = new JsonObject(desired.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value.DeepClone()))).ToJsonString();
        if (!pending)
        {
            waiting.TryRemove(uid, out _);
            if (HasResizeCondition(pod))
            {
                Write(pod, status => SetConditions(status, null));
            }

            return;
        }

        if (waiting.TryGetValue(uid, out var decided) && decided == request)
        {
            return;
        }

        var (outcome, message) = script.TryDequeue(out var next) ? next : (DefaultOutcome, null);
        var now = JsonNodes.Rfc3339(api.Options.TimeProvider.GetUtcNow());
        switch (outcome)
        {
            case ResizeOutcome.Deferred or ResizeOutcome.Infeasible:
                waiting[uid] = request;
                Write(pod, status => SetConditions(status, new JsonObject
                {
                    ["type"] = "PodResizePending",
                    ["status"] = "True",
                    ["reason"] = outcome.ToString(),
                    ["message"] = message ?? DefaultMessage(outcome, desired),
                    ["lastProbeTime"] = null,
                    ["lastTransitionTime"] = now,
                }));
                break;
            case ResizeOutcome.InProgress:
                waiting[uid] = request;
                Write(pod, status => Allocate(status, desired, now));
                break;
            default:
                // Admit (allocated resources and the in-progress condition), then actuate.
                Write(pod, status => Allocate(status, desired, now));
                Write(pod, status => Actuate(pod, status, desired, now));
                Interlocked.Increment(ref actuated);
                break;
        }
    }

    private static void Allocate(JsonObject status, Dictionary<string, JsonObject> desired, string now)
    {
        foreach (var container in status["containerStatuses"]!.AsArray())
        {
            if (desired.TryGetValue(container!["name"]!.GetValue<string>(), out var want) && want["requests"] is { } requests)
            {
                container["allocatedResources"] = requests.DeepClone();
            }
        }

        SetConditions(status, new JsonObject
        {
            ["type"] = "PodResizeInProgress",
            ["status"] = "True",
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = now,
        });
    }

    private static void Actuate(JsonObject pod, JsonObject status, Dictionary<string, JsonObject> desired, string now)
    {
        var specs = PodResources.Containers(pod).ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!);
        foreach (var container in status["containerStatuses"]!.AsArray())
        {
            var name = container!["name"]!.GetValue<string>();
            if (!desired.TryGetValue(name, out var want))
            {
                continue;
            }

            var before = container["resources"];
            var restart = PodResources.Kinds.Any(r =>
                PodResources.RestartPolicy(specs[name], r) == "RestartContainer"
                && PodResources.Sections.Any(s => PodResources.Quantity(before, s, r) != PodResources.Quantity(want, s, r)));
            container["resources"] = want.DeepClone();
            if (restart)
            {
                container["restartCount"] = (container["restartCount"] is JsonValue count ? int.Parse(count.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : 0) + 1;
                container["lastState"] = new JsonObject
                {
                    ["terminated"] = new JsonObject { ["exitCode"] = 0, ["reason"] = "Completed", ["finishedAt"] = now },
                };
                container["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } };
            }
        }

        SetConditions(status, null);
    }

    /// <summary>Replaces the resize conditions with <paramref name="condition"/> (none when null).</summary>
    private static void SetConditions(JsonObject status, JsonObject? condition)
    {
        var conditions = status["conditions"] as JsonArray ?? [];
        var kept = conditions.Where(c => c?["type"]?.GetValue<string>() is not ("PodResizePending" or "PodResizeInProgress")).Select(c => c!.DeepClone()).ToList();
        if (condition is not null)
        {
            kept.Add(condition);
        }

        status["conditions"] = new JsonArray([.. kept]);
    }

    private static bool HasResizeCondition(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray ?? []).Any(c => c?["type"]?.GetValue<string>() is "PodResizePending" or "PodResizeInProgress");

    /// <summary>The kubelet's wording (pkg/kubelet/allocation: "Node didn't have enough ...").</summary>
    private static string DefaultMessage(ResizeOutcome outcome, Dictionary<string, JsonObject> desired)
    {
        var memory = desired.Values.Select(d => PodResources.QuantityText(d, "requests", PodResources.Memory)).FirstOrDefault(m => m is not null) ?? "?";
        return outcome == ResizeOutcome.Infeasible
            ? $"Node didn't have enough capacity: memory, requested: {memory}"
            : $"Node didn't have enough resource: memory, requested: {memory}";
    }

    private void Write(JsonObject pod, Action<JsonObject> change) =>
        api.UpdateStatus("pods", pod.Namespace(), pod.Name()!, change);

    public async ValueTask DisposeAsync()
    {
        watcher.Complete();
        store.CloseWatch(watcher);
        await loop;
        watcher.Dispose();
    }
}
