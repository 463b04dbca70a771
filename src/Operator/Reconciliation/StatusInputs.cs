using SensorOperator.Api;
using SensorOperator.Observation;
using SensorOperator.Planning;

namespace SensorOperator.Reconciliation;

/// <summary>Everything the status is computed from; gathered by the reconcile steps.</summary>
public sealed record StatusInputs
{
    public required long? Generation { get; init; }

    public required string MemoryBudget { get; init; }

    public SensorStackStatus? Previous { get; init; }

    public required PlanResult Plan { get; init; }

    /// <summary>Errors applying or deleting children (empty when all writes succeeded).</summary>
    public IReadOnlyList<string> ApplyErrors { get; init; } = [];

    /// <summary>Null when the plan was infeasible (nothing was observed).</summary>
    public StackObservation? Observation { get; init; }

    public required DateTime Now { get; init; }

    /// <summary>A component using at least this fraction of its limit is "near its limit".</summary>
    public double NearLimitFraction { get; init; } = 0.9;
}
