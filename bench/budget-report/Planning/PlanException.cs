namespace SensorStack.BudgetReport.Planning;

/// <summary>Input the report cannot be planned from; the message says what and is shown as is.</summary>
internal sealed class PlanException(string message) : Exception(message);
