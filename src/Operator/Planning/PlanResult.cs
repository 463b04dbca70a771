using SensorOperator.Api;

namespace SensorOperator.Planning;

/// <summary>The planner's answer: either a <see cref="FeasiblePlan"/> or an <see cref="InfeasiblePlan"/>.</summary>
public abstract record PlanResult;

/// <summary>Limits that fit the budget and every child object that realises them.</summary>
public sealed record FeasiblePlan(StackPlan Plan) : PlanResult;

/// <summary>
/// Why no plan fits. <see cref="Reason"/> is one of <see cref="ConditionReasons.BudgetTooSmall"/>,
/// <see cref="ConditionReasons.LimitsExceedBudget"/> or <see cref="ConditionReasons.InvalidSpec"/> (a
/// field that cannot be parsed; <see cref="Field"/> names it). <see cref="Message"/> gives the numbers.
/// </summary>
public sealed record InfeasiblePlan(string Reason, string Message, string? Field = null) : PlanResult
{
    public bool IsInvalidSpec => Reason == ConditionReasons.InvalidSpec;
}
