namespace SensorOperator.Planning.Autopilot;

/// <summary>
/// The budget autopilot's decision: from observed demand to limits that fit the budget. Pure: no
/// I/O, no clock (now is an input); the same input always gives the same decision.
/// </summary>
public static class AutopilotPlanner
{
    public static AutopilotDecision Decide(AutopilotInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        throw new NotImplementedException("lands with the decision logic");
    }
}
