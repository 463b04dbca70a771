namespace SensorOperator.Planning.Autopilot;

/// <summary>Everything one decision needs; the clock is an input (TimeProvider's now), so the decision is pure.</summary>
/// <param name="BudgetBytes">spec.memoryBudget: Σ limit x replicas never exceeds it, at any step.</param>
/// <param name="Components">Every enabled component; a disabled one is simply absent (its share returns to the others).</param>
/// <param name="PreviousCondition">The Autopilot condition's reason in the last status, to hold a BudgetInsufficient split steady.</param>
public sealed record AutopilotInput(
    long BudgetBytes,
    AutopilotSettings Settings,
    IReadOnlyList<ComponentState> Components,
    DateTimeOffset Now,
    string? PreviousCondition = null);

/// <summary>One component as the decision sees it: its place in the split, what is in force and what it remembers.</summary>
/// <param name="ExplicitLimit">spec.*.memoryLimit: never moved by the autopilot.</param>
/// <param name="StaticLimit">The limit the static floor-and-weight split gives it (the starting point, and the least it gets with under an hour of history).</param>
/// <param name="LimitInForce">The limit its pods run with now, per pod; 0 for a component that has no pods yet (just enabled).</param>
public sealed record ComponentState(
    string Name,
    long Floor,
    int Weight,
    int Replicas,
    long? ExplicitLimit,
    long StaticLimit,
    long LimitInForce,
    ResizeMode Mode,
    ComponentHistory History);

/// <summary>How a component's limit can change on this cluster and runtime.</summary>
public enum ResizeMode
{
    /// <summary>Both directions in place (pods/resize; the sensor re-reads its cgroup limit).</summary>
    InPlace,

    /// <summary>Grown in place, shrunk through a restart (Go runtimes read their limit only at start).</summary>
    ShrinkRestarts,

    /// <summary>Every change is a restart (no pods/resize on this cluster: the pod template changes).</summary>
    AlwaysRestarts,
}
