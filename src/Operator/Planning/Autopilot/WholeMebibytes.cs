namespace SensorOperator.Planning.Autopilot;

/// <summary>Limits move in whole MiB, as <see cref="BudgetSplit"/> plans them: needs round up, shares round down.</summary>
internal static class WholeMebibytes
{
    private const long Unit = BudgetSplit.Granularity;

    public static long Up(decimal bytes) => (long)(decimal.Ceiling(bytes / Unit) * Unit);

    public static long Down(decimal bytes) => (long)(decimal.Floor(bytes / Unit) * Unit);
}
