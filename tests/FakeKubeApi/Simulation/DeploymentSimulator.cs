using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SensorStack.FakeKubeApi.Http;
using SensorStack.FakeKubeApi.Resize;
using SensorStack.FakeKubeApi.Selectors;
using SensorStack.FakeKubeApi.Store;
using SensorStack.FakeKubeApi.Watch;

namespace SensorStack.FakeKubeApi.Simulation;

/// <summary>
/// An opt-in stand-in for the deployment controller and the kubelet, for tests that need workloads
/// to come up: for every Deployment it keeps <c>spec.replicas</c> pods from the current template
/// (owned by the Deployment, so they are garbage-collected with it; there is no ReplicaSet) and
/// writes the Deployment's status. Pods start Running and Ready unless <see cref="PodsBecomeReady"/>
/// is false. It reads Deployment changes through an internal watch, as a controller would. Where
/// the server serves pods/resize (1.33 and later), pods report their actual resources in
/// <c>status.containerStatuses[*].resources</c> and <see cref="Resizes"/> actuates resizes as the
/// kubelet does.
/// </summary>
public sealed class DeploymentSimulator : IAsyncDisposable
{
    private const string TemplateHashLabel = "pod-template-hash";
    private readonly FakeKubeApiServer api;
    private readonly ObjectStore store;
    private readonly Watcher watcher;
    private readonly Task loop;

    internal DeploymentSimulator(FakeKubeApiServer api, ObjectStore store)
    {
        this.api = api;
        this.store = store;
        watcher = store.OpenWatch(BuiltInResources.Deployments, null, LabelSelector.Everything, FieldSelector.Everything, sinceResourceVersion: null, internalWatch: true);
        loop = Task.Run(() => WatchLoop.RunAsync(watcher, Reconcile, failures, () => Interlocked.Increment(ref handled)));
        Resizes = new KubeletResizer(api, store);
    }

    /// <summary>The kubelet's in-place resizes: script Deferred or Infeasible outcomes here.</summary>
    public KubeletResizer Resizes { get; }

    /// <summary>Whether pods created from now on report Ready (and count as ready replicas).</summary>
    public bool PodsBecomeReady { get; set; } = true;

    /// <summary>Deployments handled so far (each change counts once).</summary>
    public int Handled => Volatile.Read(ref handled);

    /// <summary>Failures while simulating (bugs; tests can assert there are none).</summary>
    public List<Exception> Failures
    {
        get
        {
            lock (failures)
            {
                lock (Resizes.Failures)
                {
                    return [.. failures, .. Resizes.Failures];
                }
            }
        }
    }

    private readonly List<Exception> failures = [];

    private int handled;

    private void Reconcile(JsonObject deployment)
    {
        var ns = deployment.Namespace()!;
        var name = deployment.Name()!;
        var uid = deployment.Uid()!;
        var replicas = deployment["spec"]?["replicas"] is JsonValue r ? r.GetValue<int>() : 1;
        var template = deployment["spec"]?["template"] as JsonObject ?? [];
        var hash = Hash(template);

        // Through the owner index, not a namespace listing: thousands of Deployments stay cheap.
        var pods = OwnedPods(uid);
        foreach (var stale in pods.Where(p => p.Labels().GetValueOrDefault(TemplateHashLabel) != hash))
        {
            api.Delete("pods", ns, stale.Name()!);
        }

        var current = pods.Where(p => p.Labels().GetValueOrDefault(TemplateHashLabel) == hash).OrderBy(p => p.Name(), StringComparer.Ordinal).ToList();
        foreach (var extra in current.Skip(replicas))
        {
            api.Delete("pods", ns, extra.Name()!);
        }

        for (var i = current.Count; i < replicas; i++)
        {
            api.Put(Pod(deployment, template, hash, i));
        }

        var ready = OwnedPods(uid)
            .Count(p => p.Labels().GetValueOrDefault(TemplateHashLabel) == hash
                && p["status"]?["conditions"]?.AsArray().Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True") == true);
        var status = new JsonObject
        {
            ["observedGeneration"] = deployment.Generation(),
            ["replicas"] = replicas,
            ["updatedReplicas"] = replicas,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = ready,
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Available",
                ["status"] = ready >= replicas ? "True" : "False",
                ["reason"] = ready >= replicas ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            }),
        };
        if (ready == 0)
        {
            status.Remove("readyReplicas");
            status.Remove("availableReplicas");
        }

        store.Update(BuiltInResources.Deployments, ns, name, WriteScope.Status, existing =>
        {
            var updated = existing!;
            updated["status"] = status;
            return updated;
        });
    }

    private List<JsonObject> OwnedPods(string deploymentUid) =>
        store.Dependents(deploymentUid).Where(d => d.Type == BuiltInResources.Pods).Select(d => d.Object).ToList();

    private JsonObject Pod(JsonObject deployment, JsonObject template, string hash, int index)
    {
        var metadata = template["metadata"]?.DeepClone() as JsonObject ?? [];
        var labels = metadata["labels"] as JsonObject ?? [];
        labels[TemplateHashLabel] = hash;
        var podReady = PodsBecomeReady ? "True" : "False";
        var containers = template["spec"]?["containers"]?.AsArray() ?? [];
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{deployment.Name()}-{hash}-{index}",
                ["namespace"] = deployment.Namespace(),
                ["labels"] = labels.DeepClone(),
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1",
                    ["kind"] = "Deployment",
                    ["name"] = deployment.Name(),
                    ["uid"] = deployment.Uid(),
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = template["spec"]?.DeepClone(),
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = podReady }),
                ["qosClass"] = PodResources.QosClass(new JsonObject { ["spec"] = template["spec"]?.DeepClone() }),
                ["containerStatuses"] = new JsonArray(containers.Select(c => (JsonNode)new JsonObject
                {
                    ["name"] = c?["name"]?.DeepClone(),
                    ["resources"] = api.Options.ServesPodResize ? PodResources.CpuAndMemory(c?["resources"]) : null,
                    ["allocatedResources"] = api.Options.ServesPodResize ? PodResources.CpuAndMemory(c?["resources"])["requests"]?.DeepClone() : null,
                    ["image"] = c?["image"]?.DeepClone(),
                    ["imageID"] = "",
                    ["ready"] = PodsBecomeReady,
                    ["restartCount"] = 0,
                    ["started"] = true,
                    ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = JsonNodes.Rfc3339(api.Options.TimeProvider.GetUtcNow()) } },
                }).ToArray()),
            },
        };
    }

    /// <summary>A short stable hash of the pod template, as the deployment controller labels pods.</summary>
    private static string Hash(JsonObject template)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(template.ToJsonString()));
        return Convert.ToHexStringLower(bytes)[..10];
    }

    public async ValueTask DisposeAsync()
    {
        watcher.Complete();
        store.CloseWatch(watcher);
        await loop;
        watcher.Dispose();
        await Resizes.DisposeAsync();
    }
}
