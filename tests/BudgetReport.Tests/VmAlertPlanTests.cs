using SensorStack.BudgetReport.Planning;
using SensorStack.BudgetReport.Reporting;

namespace SensorStack.BudgetReportTests;

/// <summary>A sample with alerting: vmalert runs locally as rendered, adapted only where it names the pod's network, files or notifier.</summary>
public sealed class VmAlertPlanTests
{
    private static LocalRunPlan Plan() => LocalRunPlanner.Plan(
        StackSample.Parse(Fixture.Read("sample-alerting.yaml")),
        RenderedStack.Parse(Fixture.Read("rendered-alerting.yaml")),
        new LocalPorts(21001, 21002, 21003, 21004, 21005),
        new LocalPaths("<run>/vm-data", "<run>/vm-scrape.yml", "<run>/vmalert-rules.yaml"));

    [Fact]
    public void Vmalert_keeps_its_limit_and_GOMEMLIMIT_and_talks_to_the_local_VictoriaMetrics()
    {
        var vmalert = Plan().VmAlert!;
        Assert.Equal(("32Mi", 32 * ReportBuilder.MiB), (vmalert.Process.MemoryLimit, vmalert.Process.MemoryLimitBytes));
        Assert.Equal([new KeyValuePair<string, string>("GOMEMLIMIT", "24MiB")], vmalert.Process.Environment);
        var args = vmalert.Process.Arguments;
        Assert.Contains("-httpListenAddr=127.0.0.1:21005", args);
        Assert.Contains("-rule=<run>/vmalert-rules.yaml", args);
        Assert.Contains("-datasource.url=http://127.0.0.1:21003", args);
        Assert.Contains("-remoteWrite.url=http://127.0.0.1:21003", args);
        Assert.Contains("-remoteRead.url=http://127.0.0.1:21003", args);
        Assert.Contains("-evaluationInterval=30s", args); // as rendered
        Assert.Contains("-notifier.blackhole", args);      // no Alertmanager runs locally
        Assert.DoesNotContain(args, a => a.StartsWith("-notifier.url", StringComparison.Ordinal));
    }

    [Fact]
    public void The_rules_come_from_the_ConfigMap_behind_the_rule_flag()
    {
        var rules = Plan().VmAlert!.Rules;
        Assert.StartsWith("# Written by sensor-operator for SensorStack sensors/watched", rules, StringComparison.Ordinal);
        Assert.Contains("alert: SensorScrapeDown", rules, StringComparison.Ordinal);
    }

    [Fact]
    public void Vmalert_counts_in_the_allocation_and_the_adaptations_are_listed()
    {
        var plan = Plan();
        Assert.Equal((64 + 128 + 288 + 32) * ReportBuilder.MiB, plan.AllocatedBytes);
        Assert.Contains(plan.Settings, s => s is { Component: "vmalert", Name: "-notifier.url", Adapted: true });
        Assert.Contains(plan.Settings, s => s is { Component: "vmalert", Name: "-evaluationInterval", Adapted: false });
    }

    [Fact]
    public void Vmalert_over_its_limit_fails_the_run_and_its_memory_counts_in_the_total()
    {
        var plan = Plan();
        var samples = SensorStack.BudgetReport.Measuring.MemorySamples.Parse(
            "seconds,sensor,victoria-metrics,prometheus,vmalert\n"
            + $"0,{20 * ReportBuilder.MiB},{30 * ReportBuilder.MiB},{40 * ReportBuilder.MiB},{33 * ReportBuilder.MiB}\n");
        var data = new ReportData(plan, ReportBuilder.Run(), samples, ReportBuilder.HealthyStore(), ReportBuilder.HealthyStore("Prometheus"), []);

        Assert.Equal((20 + 30 + 33 + 288) * ReportBuilder.MiB, data.TotalPeak);
        var verdict = Verdict.Judge(data);
        Assert.Contains("vmalert peaked at 33.0 MiB, over its 32.0 MiB limit", verdict.Failures);
    }
}
