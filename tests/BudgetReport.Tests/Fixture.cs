namespace SensorStack.BudgetReportTests;

/// <summary>Files under Fixtures/, copied beside the test binary.</summary>
internal static class Fixture
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}
