using k8s.Models;
using SensorOperator.Api;
using SensorOperator.Planning;

namespace SensorOperator.Tests.Reconciliation;

/// <summary>SensorStacks and plans for reconciliation tests (the real planner, not a stand-in).</summary>
internal static class Stacks
{
    public static V1Alpha1SensorStack Stack(string budget = "300Mi", bool grafana = false, long generation = 1, string? sensorLimit = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "demo", NamespaceProperty = "sensors", Uid = "uid-1", Generation = generation },
        Spec = new SensorStackSpec
        {
            MemoryBudget = budget,
            Grafana = new GrafanaSpec { Enabled = grafana },
            Sensor = sensorLimit is null ? null : new SensorSpec { MemoryLimit = sensorLimit },
        },
    };

    public static PlanResult Plan(V1Alpha1SensorStack stack) => StackPlanner.Plan(stack, PlannerDefaults.Default);

    public static StackPlan Feasible(V1Alpha1SensorStack stack) =>
        Assert.IsType<FeasiblePlan>(Plan(stack)).Plan;
}
