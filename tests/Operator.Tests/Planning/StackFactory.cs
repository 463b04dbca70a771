using k8s.Models;
using SensorOperator.Api;
using SensorOperator.Planning;

namespace SensorOperator.Tests.Planning;

/// <summary>SensorStacks built in code for planner tests.</summary>
internal static class StackFactory
{
    public static V1Alpha1SensorStack Stack(string budget, Action<SensorStackSpec>? configure = null, string name = "demo", string? uid = "6f1c2e9a-0000-4000-8000-000000000001")
    {
        var stack = new V1Alpha1SensorStack
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "sensors", Uid = uid, Generation = 1 },
            Spec = new SensorStackSpec { MemoryBudget = budget },
        };
        configure?.Invoke(stack.Spec);
        return stack;
    }

    public static StackPlan Feasible(V1Alpha1SensorStack stack) => StackPlanner.Plan(stack, PlannerDefaults.Default) switch
    {
        FeasiblePlan f => f.Plan,
        InfeasiblePlan i => throw new Xunit.Sdk.XunitException($"expected a plan, got {i.Reason}: {i.Message}"),
        var other => throw new InvalidOperationException(other.ToString()),
    };

    public static InfeasiblePlan Infeasible(V1Alpha1SensorStack stack) =>
        Assert.IsType<InfeasiblePlan>(StackPlanner.Plan(stack, PlannerDefaults.Default));

    public static long Mi(long n) => n * Quantities.Mebibyte;
}
