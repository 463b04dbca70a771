namespace SensorStack.BudgetReport.Reporting;

/// <summary>
/// The project's starting point: the hand-made "Performance Budget Report", measured with
/// `docker stats` (whose figure is usage minus inactive file cache, the same working set that
/// metrics-server reports and this report measures).
/// </summary>
internal static class SeedReference
{
    public const int BudgetMb = 300;

    public static readonly IReadOnlyDictionary<string, int> ComponentMb = new Dictionary<string, int>
    {
        ["sensor"] = 65,
        ["victoria-metrics"] = 80,
        ["grafana"] = 55,
    };

    public static int TotalMb => ComponentMb.Values.Sum();
}
