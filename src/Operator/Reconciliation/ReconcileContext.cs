using SensorOperator.Api;
using SensorOperator.Kubernetes;
using SensorOperator.Observation;
using SensorOperator.Planning;

namespace SensorOperator.Reconciliation;

/// <summary>The state one reconcile of one stack builds up as its steps run in order.</summary>
public sealed class ReconcileContext(ObjectKey key, DateTime now)
{
    public ObjectKey Key { get; } = key;

    public DateTime Now { get; } = now;

    /// <summary>The stack from the cache (null: deleted, nothing to do).</summary>
    public V1Alpha1SensorStack? Stack { get; set; }

    public PlanResult? Plan { get; set; }

    public StackPlan? Feasible => (Plan as FeasiblePlan)?.Plan;

    /// <summary>Desired children by resource and key (filled when the plan is feasible).</summary>
    public HashSet<(ResourceType Resource, ObjectKey Key)> Desired { get; } = [];

    public StackObservation? Observation { get; set; }

    public SensorStackStatus? Status { get; set; }

    /// <summary>Failures of writes; the status still says what is known and the key backs off.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Counts for the log line and tests.</summary>
    public int Applied { get; set; }

    public int Unchanged { get; set; }

    public int Deleted { get; set; }

    /// <summary>Set by a step to end the reconcile early (e.g. the stack is gone).</summary>
    public bool Stop { get; set; }
}
