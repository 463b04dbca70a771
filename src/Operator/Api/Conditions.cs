namespace SensorOperator.Api;

/// <summary>Condition types of a SensorStack (metav1.Condition.type).</summary>
public static class ConditionTypes
{
    /// <summary>The planner found memory limits that fit the budget (False: the spec cannot fit).</summary>
    public const string BudgetAllocated = "BudgetAllocated";

    /// <summary>Observed memory use is inside the plan (False: over budget or a component near its limit).</summary>
    public const string WithinBudget = "WithinBudget";

    /// <summary>Summary: budget allocated, children applied and every component's pods ready.</summary>
    public const string Ready = "Ready";

    /// <summary>Only with spec.autopilot.enabled: whether the limits follow observed demand inside the budget.</summary>
    public const string Autopilot = "Autopilot";
}

/// <summary>Condition reasons (CamelCase, as metav1.Condition requires). One file so they stay consistent.</summary>
public static class ConditionReasons
{
    // BudgetAllocated
    public const string Allocated = "Allocated";
    public const string BudgetTooSmall = "BudgetTooSmall";
    public const string LimitsExceedBudget = "LimitsExceedBudget";
    /// <summary>A field could not be parsed (bad quantity, duration, replicas); the message names the field.</summary>
    public const string InvalidSpec = "InvalidSpec";

    // WithinBudget
    public const string WithinBudget = "WithinBudget";
    public const string OverBudget = "OverBudget";
    public const string ComponentNearLimit = "ComponentNearLimit";
    public const string MetricsUnavailable = "MetricsUnavailable";

    // Ready
    public const string AllComponentsReady = "AllComponentsReady";
    public const string ComponentsNotReady = "ComponentsNotReady";
    public const string NotAllocated = "NotAllocated";
    public const string ApplyFailed = "ApplyFailed";

    // Autopilot
    /// <summary>Every component's need fits; the rest of the budget is shared by weight.</summary>
    public const string Balanced = "Balanced";
    /// <summary>The observed demand needs more than the budget; the message names the total.</summary>
    public const string BudgetInsufficient = "BudgetInsufficient";
    /// <summary>Three or more reverts or OOM bumps in the last hour: limits are held, only OOM kills are answered.</summary>
    public const string Degraded = "Degraded";
}
