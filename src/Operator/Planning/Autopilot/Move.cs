namespace SensorOperator.Planning.Autopilot;

/// <summary>How pressing a change is; a higher value is served first and passes more gates.</summary>
internal enum Urgency
{
    None,

    /// <summary>The target moved by more than the hysteresis (max(minChange, 10%)).</summary>
    Voluntary,

    /// <summary>The working set was at 95% of the limit twice running.</summary>
    NearLimit,

    /// <summary>A change decided earlier whose other half is still waiting for its decreases to be confirmed.</summary>
    Pending,

    /// <summary>An OOM kill not yet answered.</summary>
    Oom,

    /// <summary>A shrink followed by an OOM kill or restarts.</summary>
    Revert,

    /// <summary>The budget or the set of components changed: the limits in force do not fit.</summary>
    Forced,
}

/// <summary>One component's working state within a decision (mutable; never leaves the planner).</summary>
internal sealed class Move(ComponentState component, NeedEstimate need, long target)
{
    public ComponentState Component { get; } = component;

    public string Name => Component.Name;

    public long From => Component.LimitInForce;

    public NeedEstimate Need { get; } = need;

    /// <summary>What the shares give it.</summary>
    public long Target { get; } = target;

    /// <summary>The limit it will have after this decision.</summary>
    public long To { get; set; } = component.LimitInForce;

    public Urgency Urgency { get; set; }

    public string? Reason { get; set; }

    /// <summary>Why, in words: "peak 52Mi + 15%", "for sensor".</summary>
    public string? Why { get; set; }

    /// <summary>The unanswered OOM kills this decision looked at (answered whether or not memory could be found).</summary>
    public bool AnswersOom { get; set; }

    public bool IsRevert => Reason == ResizeReasons.Reverted;

    public bool Changes => To != From;

    public bool Restarts => Changes && (Component.Mode == ResizeMode.AlwaysRestarts || (To < From && Component.Mode == ResizeMode.ShrinkRestarts));

    public long Replicas => Component.Replicas;

    /// <summary>The hysteresis: a voluntary change must be at least max(minChange, 10% of the limit in force).</summary>
    public long Threshold(AutopilotSettings settings) => Math.Max(settings.MinChangeBytes, WholeMebibytes.Up(From / 10m));

    /// <summary>The least a shrink step may leave: 75% of the limit in force, in whole MiB.</summary>
    public long StepFloor => Math.Max(Component.Floor, WholeMebibytes.Up(From * 0.75m));

    public void Hold()
    {
        To = From;
        Urgency = Urgency.None;
        Reason = null;
        Why = null;
    }
}
