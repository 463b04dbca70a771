using SensorStack.BudgetReport.Reporting;
using static SensorStack.BudgetReportTests.ReportBuilder;

namespace SensorStack.BudgetReportTests;

public sealed class VerdictTests
{
    [Fact]
    public void A_run_within_budget_with_a_healthy_scrape_passes_and_meets_the_target()
    {
        var verdict = Verdict.Judge(Data(Samples((0, 20, 30, 40), (1, 25, 35, 45))));

        Assert.True(verdict.Passed, string.Join("; ", verdict.Failures));
        Assert.True(verdict.TargetMet);
    }

    [Fact]
    public void The_total_counts_Grafana_at_its_limit_so_a_stack_that_leaves_it_too_little_is_over_budget()
    {
        // 54 + 100 MiB measured + Grafana's 147Mi limit = 301 MiB > 300Mi. The sensor's 54 MiB is also over
        // its 51Mi limit: possible only when measuring RSS, where nothing enforces the limit.
        var verdict = Verdict.Judge(Data(Samples((0, 54, 100, 10))));

        Assert.False(verdict.Passed);
        Assert.Contains(verdict.Failures, f => f.StartsWith("over budget", StringComparison.Ordinal));
        Assert.Contains(verdict.Failures, f => f.Contains("over its 51.0 MiB limit", StringComparison.Ordinal));
    }

    [Fact]
    public void An_OOM_kill_fails_the_run_and_misses_the_target_whatever_the_peak()
    {
        var verdict = Verdict.Judge(Data(Samples((0, 20, 30, 10)), Run(sensorOomKills: 1)));

        Assert.False(verdict.Passed);
        Assert.False(verdict.TargetMet);
        Assert.Contains("Sensor was OOM-killed 1 time(s)", verdict.Failures);
    }

    [Fact]
    public void A_component_that_stopped_fails_the_run()
    {
        var verdict = Verdict.Judge(Data(Samples((0, 20, 30, 10), (1, null, 30, 10)), Run(sensorExit: "139")));

        Assert.Contains("Sensor stopped during the run (exit code 139)", verdict.Failures);
        Assert.False(verdict.TargetMet);
    }

    [Fact]
    public void A_scrape_that_stored_no_sensor_series_fails_the_run_with_the_last_error()
    {
        var verdict = Verdict.Judge(Data(Samples((0, 20, 30, 10)), vm: DownStore()));

        var failure = Assert.Single(verdict.Failures);
        Assert.Contains("did not scrape the sensor", failure, StringComparison.Ordinal);
        Assert.Contains("connection refused", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_peak_over_the_target_misses_it_but_still_passes_within_budget()
    {
        var verdict = Verdict.Judge(Data(Samples((0, 40, 60, 10)), Run(targetMiB: 80)));

        Assert.True(verdict.Passed);
        Assert.False(verdict.TargetMet);
    }
}
