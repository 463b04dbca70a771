using System.Text.Json.Nodes;
using ControllerMachinery;
using k8s;
using k8s.Models;
using SensorOperator.Api;
using SensorOperator.Planning;

namespace SensorStack.E2ETests.Support;

/// <summary>SensorStack operations on the real cluster, through the operator's own request seam and JSON context.</summary>
public static class Stacks
{
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(5);

    public static V1Alpha1SensorStack New(string name, string @namespace, string budget, int sensorReplicas = 1, bool grafana = false, string scrapeInterval = "30s") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
        Spec = new SensorStackSpec
        {
            MemoryBudget = budget,
            ScrapeInterval = scrapeInterval,
            Sensor = new SensorSpec { Replicas = sensorReplicas },
            Grafana = new GrafanaSpec { Enabled = grafana },
        },
    };

    private static readonly ControllerMachinery.ResourceType SensorStacks = ControllerMachinery.ResourceType.Of<V1Alpha1SensorStack>();

    public static Task<V1Alpha1SensorStack> CreateAsync(this TestNamespace ns, V1Alpha1SensorStack stack) =>
        ns.Api.CreateAsync(SensorStacks, ns.Name, stack, OperatorJsonContext.Default.V1Alpha1SensorStack, TestContext.Current.CancellationToken);

    public static Task<V1Alpha1SensorStack> GetAsync(this TestNamespace ns, string name, CancellationToken cancellationToken) =>
        ns.Api.GetAsync(SensorStacks, new ObjectKey(ns.Name, name), OperatorJsonContext.Default.V1Alpha1SensorStack, cancellationToken);

    public static Task<V1Alpha1SensorStack> MergePatchAsync(this TestNamespace ns, string name, string jsonPatch) =>
        ns.Api.PatchAsync(SensorStacks, new ObjectKey(ns.Name, name), Patch.Merge(JsonNode.Parse(jsonPatch)!), OperatorJsonContext.Default.V1Alpha1SensorStack,
            TestContext.Current.CancellationToken);

    public static Task DeleteAsync(this TestNamespace ns, string name) =>
        ns.Api.DeleteAsync(SensorStacks, new ObjectKey(ns.Name, name), null, TestContext.Current.CancellationToken);

    public static V1Condition? Condition(this V1Alpha1SensorStack stack, string type) =>
        stack.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>Waits until Ready=True for the stack's current generation; returns the stack as then read.</summary>
    public static Task<V1Alpha1SensorStack> WaitReadyAsync(this TestNamespace ns, string name, TimeSpan? timeout = null) =>
        Eventually.UntilAsync($"SensorStack {ns.Name}/{name} Ready", timeout ?? ReadyTimeout, async ct =>
        {
            var stack = await ns.GetAsync(name, ct);
            var ready = stack.Condition(ConditionTypes.Ready);
            var current = ready?.ObservedGeneration is null || ready.ObservedGeneration >= stack.Metadata.Generation;
            return (ready?.Status == "True" && current, stack, Describe(stack));
        });

    /// <summary>The stack's child Deployments, found by the labels every child carries.</summary>
    public static async Task<IList<V1Deployment>> DeploymentsAsync(this TestNamespace ns, string stackName, CancellationToken cancellationToken) =>
        (await ns.Client.AppsV1.ListNamespacedDeploymentAsync(ns.Name, labelSelector: StackLabels.SelectorFor(stackName), cancellationToken: cancellationToken)).Items;

    /// <summary>Sum over Deployments of every container's memory limit times the replicas, in bytes.</summary>
    public static long LimitsTimesReplicas(IEnumerable<V1Deployment> deployments) =>
        deployments.Sum(d => (d.Spec.Replicas ?? 1) * d.Spec.Template.Spec.Containers.Sum(c => c.Resources.Limits["memory"].ToInt64()));

    public static string Describe(V1Alpha1SensorStack stack)
    {
        var conditions = stack.Status?.Conditions ?? [];
        return $"generation {stack.Metadata.Generation}, observed {stack.Status?.ObservedGeneration}, allocated {stack.Status?.Allocated}, used {stack.Status?.Used}; "
            + string.Join("; ", conditions.Select(c => $"{c.Type}={c.Status} ({c.Reason}: {c.Message}) gen {c.ObservedGeneration}"));
    }
}
