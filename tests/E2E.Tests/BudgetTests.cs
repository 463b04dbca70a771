using k8s.Models;
using SensorStack.E2ETests.Support;

namespace SensorStack.E2ETests;

/// <summary>The real Deployments' memory limits fit the declared budget.</summary>
public class BudgetTests : ClusterTest
{
    [Fact(Timeout = 600_000)]
    public async Task Container_limits_times_replicas_sum_to_at_most_the_budget()
    {
        var ns = await NamespaceAsync("budget");
        await ns.CreateAsync(Stacks.New("fit", ns.Name, "300Mi", sensorReplicas: 2));

        var ready = await ns.WaitReadyAsync("fit");

        var deployments = await ns.DeploymentsAsync("fit", TestContext.Current.CancellationToken);
        var budget = new ResourceQuantity("300Mi").ToInt64();
        var total = Stacks.LimitsTimesReplicas(deployments);
        Assert.InRange(total, 1, budget);
        Assert.Equal(total, new ResourceQuantity(ready.Status!.Allocated).ToInt64());
        Assert.Equal(2, deployments.Single(d => d.Metadata.Name == "fit-sensor").Spec.Replicas);
        foreach (var container in deployments.SelectMany(d => d.Spec.Template.Spec.Containers))
        {
            Assert.Equal(container.Resources.Limits["memory"].ToInt64(), container.Resources.Requests["memory"].ToInt64());
        }
    }
}
