namespace SensorOperator.Reconciliation;

/// <summary>
/// An Event the reconciler wants to emit. <see cref="Key"/> identifies the occurrence (a plan failure
/// of one generation, one over-budget episode, one OOM-killed container termination): an occurrence
/// is reported once, however many reconciles see it.
/// </summary>
public sealed record StackEvent(string Type, string Reason, string Message, string Key)
{
    public const string Warning = "Warning";
    public const string Normal = "Normal";
}
