using k8s.Models;
using SensorOperator.Api;
using SensorStack.E2ETests.Support;

namespace SensorStack.E2ETests;

/// <summary>The reference stack from config/samples/default.yaml comes up in a restricted namespace.</summary>
public class ReadyTests : ClusterTest
{
    [Fact(Timeout = 600_000)]
    public async Task The_default_sample_becomes_ready_with_every_component_running()
    {
        var ns = await NamespaceAsync("ready");
        var stack = await ns.CreateAsync(Samples.Load("default.yaml", ns.Name));

        var ready = await ns.WaitReadyAsync(stack.Metadata.Name);

        Assert.Equal("True", ready.Condition(ConditionTypes.BudgetAllocated)?.Status);
        var deployments = await ns.DeploymentsAsync(stack.Metadata.Name, TestContext.Current.CancellationToken);
        Assert.Equal(3, deployments.Count); // sensor, VictoriaMetrics and Grafana (enabled in the sample)
        Assert.All(deployments, d => Assert.True(d.Status.ReadyReplicas == d.Spec.Replicas, $"{d.Metadata.Name}: {d.Status.ReadyReplicas}/{d.Spec.Replicas} ready"));
        Assert.All(deployments, d => Assert.Contains(d.Metadata.OwnerReferences, o => o.Controller == true && o.Uid == stack.Metadata.Uid));
    }
}
