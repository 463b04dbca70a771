using k8s;
using k8s.Models;
using SensorStack.E2ETests.Support;

namespace SensorStack.E2ETests;

/// <summary>Changing spec.memoryBudget re-plans the limits and rolls the pods onto them.</summary>
public class BudgetChangeTests : ClusterTest
{
    [Fact(Timeout = 900_000)]
    public async Task A_budget_change_rolls_new_limits_into_the_running_pods()
    {
        var ns = await NamespaceAsync("rollout");
        await ns.CreateAsync(Stacks.New("roll", ns.Name, "200Mi"));
        await ns.WaitReadyAsync("roll");
        var before = Stacks.LimitsTimesReplicas(await ns.DeploymentsAsync("roll", TestContext.Current.CancellationToken));

        await ns.MergePatchAsync("roll", """{"spec":{"memoryBudget":"400Mi"}}""");
        var stack = await ns.WaitReadyAsync("roll");

        Assert.Equal(stack.Metadata.Generation, stack.Status!.ObservedGeneration);
        var deployments = await ns.DeploymentsAsync("roll", TestContext.Current.CancellationToken);
        var after = Stacks.LimitsTimesReplicas(deployments);
        Assert.True(after > before, $"limits x replicas went from {before} to {after} bytes after raising the budget");
        Assert.True(after <= new ResourceQuantity("400Mi").ToInt64(), $"{after} bytes exceed the new budget");

        // The rollout is done when every running pod carries its Deployment's new limit.
        await Eventually.UntilAsync("pods running with the new limits", TimeSpan.FromMinutes(3), async ct =>
        {
            var stale = new List<string>();
            foreach (var deployment in deployments)
            {
                var expected = deployment.Spec.Template.Spec.Containers.ToDictionary(c => c.Name, c => c.Resources.Limits["memory"].ToInt64());
                var selector = string.Join(',', deployment.Spec.Selector.MatchLabels.Select(l => $"{l.Key}={l.Value}"));
                var pods = await ns.Client.CoreV1.ListNamespacedPodAsync(ns.Name, labelSelector: selector, cancellationToken: ct);
                stale.AddRange(pods.Items
                    .Where(p => p.Metadata.DeletionTimestamp is null)
                    .Where(p => p.Spec.Containers.Any(c => c.Resources.Limits["memory"].ToInt64() != expected[c.Name]) || p.Status.Phase != "Running")
                    .Select(p => $"{p.Metadata.Name} ({p.Status.Phase})"));
            }

            return (stale.Count == 0, true, $"pods not yet on the new limits: {string.Join(", ", stale)}");
        });
    }
}
