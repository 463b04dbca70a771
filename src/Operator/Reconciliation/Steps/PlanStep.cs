using SensorOperator.Kubernetes;
using SensorOperator.Planning;

namespace SensorOperator.Reconciliation.Steps;

/// <summary>Runs the pure planner; every sizing decision is made there, none here.</summary>
public sealed class PlanStep(PlannerDefaults defaults) : IReconcileStep
{
    public Task RunAsync(ReconcileContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Plan = StackPlanner.Plan(context.Stack!, defaults);
        foreach (var child in context.Feasible?.Children ?? [])
        {
            context.Desired.Add((ChildResources.Of(child), ObjectKey.Of(child)));
        }

        return Task.CompletedTask;
    }
}
