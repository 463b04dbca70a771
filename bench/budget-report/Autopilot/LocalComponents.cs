using SensorOperator.Planning;
using SensorOperator.Planning.Autopilot;
using SensorStack.BudgetReport.Planning;

namespace SensorStack.BudgetReport.Autopilot;

/// <summary>The components the autopilot moves in a local run, from the plan: their rendered limits are the static split.</summary>
internal static class LocalComponents
{
    public static IReadOnlyList<LocalComponent> From(LocalRunPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Grafana is not null)
        {
            // Grafana is not run here: with no working set to observe, the decision could only keep it at its
            // split, and the run would prove nothing about it.
            throw new PlanException("an autopilot run needs a sample without Grafana (it is not run locally, so it has no working set to follow)");
        }

        var components = new List<LocalComponent>
        {
            new(ComponentNames.Sensor, "sensor", MemoryPolicy.SensorFloor, MemoryPolicy.SensorWeight, plan.Sensor.MemoryLimitBytes, ResizeMode.InPlace),
            new(ComponentNames.VictoriaMetrics, "vm", MemoryPolicy.VictoriaMetricsFloor, MemoryPolicy.VictoriaMetricsWeight, plan.VictoriaMetrics.MemoryLimitBytes, ResizeMode.ShrinkRestarts),
        };
        if (plan.VmAlert is { } vmalert)
        {
            components.Add(new(ComponentNames.Alerting, "vmalert", MemoryPolicy.VmAlertFloor, MemoryPolicy.VmAlertWeight, vmalert.Process.MemoryLimitBytes, ResizeMode.ShrinkRestarts));
        }

        return components;
    }
}
