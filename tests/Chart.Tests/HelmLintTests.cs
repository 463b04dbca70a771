using SensorStack.ChartTests.Support;

namespace SensorStack.ChartTests;

/// <summary>`helm lint --strict` for every ci/*-values.yaml scenario: what CI and chart-testing run.</summary>
public class HelmLintTests
{
    [Theory]
    [MemberData(nameof(Chart.Scenarios), MemberType = typeof(Chart))]
    public void Strict_lint_passes_for_the_scenario(string scenario)
    {
        var result = Chart.Helm("lint", "--strict", Chart.Directory, "--namespace", "sensor-system",
            "--values", Path.Combine(Chart.Directory, scenario));

        Assert.True(result.ExitCode == 0, $"helm lint --strict failed for {scenario}: {result.Describe()}");
        Assert.Contains("0 chart(s) failed", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void The_chart_has_scenarios_for_the_stack_and_for_externally_managed_rbac()
    {
        var scenarios = Chart.Scenarios().Select(row => row.Data).ToList();

        Assert.Contains(Path.Combine("ci", "default-values.yaml"), scenarios);
        Assert.Contains(Path.Combine("ci", "stack-values.yaml"), scenarios);
        Assert.Contains(Path.Combine("ci", "external-rbac-values.yaml"), scenarios);
    }
}
