namespace SensorOperator.Planning.Autopilot;

/// <summary>
/// The decision: each component's limit (per replica) with its need, the Autopilot condition and the
/// ordered steps from the limits in force to the targets. Applying <see cref="Steps"/> in order keeps
/// Σ limit x replicas within the budget after every step (decreases come first and must be confirmed
/// before the increases that use their memory).
/// </summary>
public sealed record AutopilotDecision(
    IReadOnlyList<ComponentDecision> Components,
    AutopilotCondition Condition,
    IReadOnlyList<ResizeStep> Steps)
{
    public ComponentDecision this[string name] => Components.Single(c => c.Name == name);

    /// <summary>True when at least one limit moves.</summary>
    public bool Changes => Steps.Count > 0;
}

/// <summary>One component's outcome.</summary>
/// <param name="Target">The limit per replica it should have once the steps are applied.</param>
/// <param name="Need">What the observed demand needs per replica (before the remainder is shared).</param>
/// <param name="History">What to persist in status once the steps are applied (a <see cref="ResizeRecord"/> for a change, answered OOM kills, back-off).</param>
/// <param name="Message">Why the target is what it is, as a user reads it; for a change the Event text.</param>
public sealed record ComponentDecision(string Name, long Target, long Need, string? Reason, string Message, ComponentHistory History);

/// <summary>The Autopilot condition: True/Balanced, False/BudgetInsufficient (names the total demand) or False/Degraded.</summary>
public sealed record AutopilotCondition(bool Status, string Reason, string Message);

/// <summary>One limit change. <see cref="Restarts"/>: the pods restart (only one such step per decision).</summary>
public sealed record ResizeStep(string Component, long From, long To, int Replicas, bool Restarts, string Reason, string Message)
{
    public bool IsDecrease => To < From;

    /// <summary>What the step changes Σ limit x replicas by (negative for a decrease).</summary>
    public long Delta => (To - From) * Replicas;
}
