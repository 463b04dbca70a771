using System.Xml.Linq;
using SensorOperator.Planning.Autopilot;
using SensorStack.BudgetReport.Autopilot;
using SensorStack.BudgetReport.Measuring;
using SensorStack.BudgetReport.Planning;
using SensorStack.BudgetReport.Reporting;
using static SensorStack.BudgetReportTests.ReportBuilder;

namespace SensorStack.BudgetReportTests;

/// <summary>The pure parts of an autopilot run: the budget guard on each step, the record, the checks, the chart.</summary>
public sealed class AutopilotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly LocalComponent[] Components =
    [
        new("sensor", "sensor", 32 * MiB, 1, 48 * MiB, ResizeMode.InPlace),
        new("victoriaMetrics", "vm", 64 * MiB, 2, 96 * MiB, ResizeMode.ShrinkRestarts),
    ];

    private static ResizeStep Step(string component, long fromMiB, long toMiB, bool restarts = false) =>
        new(component, fromMiB * MiB, toMiB * MiB, 1, restarts, ResizeReasons.Rebalanced, $"{component} {fromMiB}Mi→{toMiB}Mi");

    [Fact]
    public void The_ledger_applies_a_decrease_then_the_increase_it_makes_room_for_and_refuses_the_increase_first()
    {
        var ledger = new LimitLedger(144 * MiB, Components);

        Assert.Contains("over the", ledger.Check(Step("sensor", 48, 60)), StringComparison.Ordinal);
        var shrink = ledger.Applied(Step("victoriaMetrics", 96, 84, restarts: true), 10);
        var grow = ledger.Applied(Step("sensor", 48, 60), 10);

        Assert.Equal(132 * MiB, shrink.SumAfter);
        Assert.Equal(144 * MiB, grow.SumAfter);
        Assert.True(shrink.Restarted);
        Assert.Equal([shrink, grow], ledger.History);
        Assert.Equal(60 * MiB, ledger.LimitOf("sensor"));
    }

    [Fact]
    public void The_ledger_refuses_a_step_that_does_not_start_from_the_limit_in_force_or_names_no_component()
    {
        var ledger = new LimitLedger(144 * MiB, Components);

        Assert.Contains("runs at", ledger.Check(Step("sensor", 40, 36)), StringComparison.Ordinal);
        Assert.Contains("not a component", ledger.Check(Step("grafana", 10, 5)), StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => ledger.Applied(Step("sensor", 48, 100), 1));
        Assert.Equal(144 * MiB, ledger.Sum);
        Assert.Empty(ledger.History);
    }

    [Fact]
    public void The_record_reads_back_what_the_runner_wrote_messages_with_commas_included()
    {
        string[] columns = ["sensor", "victoria-metrics"];
        var resize = new ResizeRow(12.5, "sensor", 48 * MiB, 60 * MiB, false, 144 * MiB, "applied", "PeakGrew", "sensor 48Mi→60Mi: peak 50Mi + 15%, from victoriaMetrics");
        var tick = new TickRow(14, "Balanced", new Dictionary<string, long> { ["sensor"] = 60 * MiB, ["victoria-metrics"] = 84 * MiB }, 60 * MiB, 45 * MiB);
        var silent = tick with { Seconds = 16, SensorCgroupLimit = null, SensorGcHeapLimit = null };

        var record = AutopilotRecord.Parse(
            $"{AutopilotRecord.ResizesHeader}\n{AutopilotRecord.Format(resize)}\n",
            $"{AutopilotRecord.TicksHeader(columns)}\n{AutopilotRecord.Format(tick, columns)}\n{AutopilotRecord.Format(silent, columns)}\n");

        Assert.Equal(resize, Assert.Single(record.Resizes));
        Assert.Equal(2, record.Ticks.Count);
        Assert.Equal(tick.Limits, record.Ticks[0].Limits);
        Assert.Equal((60 * MiB, 45 * MiB), (record.Ticks[0].SensorCgroupLimit, record.Ticks[0].SensorGcHeapLimit));
        Assert.Null(record.Ticks[1].SensorGcHeapLimit);
        Assert.Equal(144 * MiB, record.Ticks[0].Sum);
    }

    [Theory]
    [InlineData("seconds,component\n", "seconds,condition,sensor,sensor-cgroup-limit,sensor-gc-heap-limit\n")]
    [InlineData(AutopilotRecord.ResizesHeader + "\n", "seconds,sensor\n")]
    [InlineData(AutopilotRecord.ResizesHeader + "\n1.0,sensor,1\n", "seconds,condition,sensor,sensor-cgroup-limit,sensor-gc-heap-limit\n")]
    public void A_malformed_record_is_an_error(string resizes, string ticks) =>
        Assert.Throws<FormatException>(() => AutopilotRecord.Parse(resizes, ticks));

    /// <summary>A run where the sensor grows at 10 s and shrinks at 30 s, and reports its limits once settled.</summary>
    private static AutopilotRecord Followed(long heapAt40 = 36 * MiB, bool refused = false)
    {
        TickRow Tick(double at, long sensor, long vm, long? seen, long? heap) =>
            new(at, "Balanced", new Dictionary<string, long> { ["sensor"] = sensor * MiB, ["victoria-metrics"] = vm * MiB }, seen * MiB, heap);
        return new AutopilotRecord(
            [
                new(10, "victoriaMetrics", 96 * MiB, 84 * MiB, true, 132 * MiB, "applied", "Rebalanced", "victoriaMetrics 96Mi→84Mi"),
                new(10, "sensor", 48 * MiB, 60 * MiB, false, 144 * MiB, "applied", "PeakGrew", "sensor 48Mi→60Mi"),
                new(30, "sensor", 60 * MiB, 48 * MiB, false, 132 * MiB, "applied", "PeakAged", "sensor 60Mi→48Mi"),
                new(30, "victoriaMetrics", 84 * MiB, 96 * MiB, false, refused ? 132 * MiB : 144 * MiB, refused ? "refused: over" : "applied", "Rebalanced", "victoriaMetrics 84Mi→96Mi"),
            ],
            [
                Tick(0, 48, 96, 48, 36 * MiB),
                Tick(12, 60, 84, 48, 36 * MiB), // not settled yet: still the old limit
                Tick(20, 60, 84, 60, 45 * MiB),
                Tick(40, 48, 96, 48, heapAt40),
            ]);
    }

    [Fact]
    public void A_run_within_budget_whose_sensor_heap_follows_its_limit_passes_the_checks() =>
        Assert.Empty(AutopilotChecks.Failures(Followed(), 144 * MiB));

    [Fact]
    public void A_heap_limit_that_stayed_at_the_start_value_fails()
    {
        var failure = Assert.Single(AutopilotChecks.Failures(Followed(heapAt40: 45 * MiB), 144 * MiB));
        Assert.Contains("at 40.0 s the sensor's GC heap limit was 45.0 MiB, not 75% of its 48.0 MiB limit", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_step_and_limits_over_the_budget_fail()
    {
        Assert.Contains(AutopilotChecks.Failures(Followed(refused: true), 144 * MiB), f => f.Contains("was not applied (refused: over)", StringComparison.Ordinal));
        var failures = AutopilotChecks.Failures(Followed(), 140 * MiB);
        Assert.Contains(failures, f => f.StartsWith("Σ limits 144.0 MiB over the 140.0 MiB budget at 0.0 s", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("after sensor 48.0→60.0 MiB at 10.0 s", StringComparison.Ordinal));
    }

    [Fact]
    public void A_run_that_never_resized_the_sensor_shows_nothing_about_its_GC()
    {
        var record = Followed() with { Resizes = [] };
        Assert.Contains(AutopilotChecks.Failures(record, 144 * MiB), f => f.Contains("never resized", StringComparison.Ordinal));
    }

    [Fact]
    public void Limits_are_step_lines_from_the_static_split_through_each_applied_change()
    {
        var steps = LimitChart.Steps(48 * MiB, [(10, 60 * MiB), (30, 48 * MiB)], 50);
        Assert.Equal([(0, 48), (10, 48), (10, 60), (30, 60), (30, 48), (50, 48)], steps.Select(p => (p.Seconds, p.MiB)));
    }

    [Fact]
    public void The_limits_chart_has_a_working_set_and_a_limit_per_component_the_sum_the_sensor_heap_and_the_budget()
    {
        var data = Data(Samples((0, 20, 30, 40), (20, 40, 35, 45), (50, 22, 70, 44))) with { Autopilot = Followed(refused: true) };

        var series = LimitChart.Series(data);
        Assert.Equal(["Sensor working set", "Sensor limit", "VictoriaMetrics working set", "VictoriaMetrics limit", "Σ limits", "sensor GC heap limit"], series.Select(s => s.Label));
        // The refused step is not drawn: VictoriaMetrics stays at 84Mi after 30 s.
        Assert.Equal(84, series[3].Points[^1].MiB);
        Assert.Equal(132, series[4].Points[^1].MiB);
        Assert.Equal(4, series[5].Points.Count);

        var svg = XDocument.Parse(LimitChart.Render(data));
        Assert.Equal(6, svg.Descendants(Svg + "polyline").Count());
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "budget 300Mi");
    }

    [Fact]
    public void The_report_of_an_autopilot_run_lists_every_resize_and_uses_the_highest_limit_in_force()
    {
        var data = Data(Samples((0, 20, 30, 40), (20, 55, 35, 45), (50, 22, 70, 44))) with { Autopilot = Followed() };

        var markdown = MarkdownReport.Render(data, Verdict.Judge(data), "report.svg", "report.limits.svg");

        Assert.Contains("## Autopilot", markdown, StringComparison.Ordinal);
        Assert.Contains("| 10.0 s | victoriaMetrics | 96.0 MiB | 84.0 MiB | restart | Rebalanced | 132.0 MiB | applied |", markdown, StringComparison.Ordinal);
        Assert.Contains("![Limits in force and working sets per component, Σ limits and the budget](report.limits.svg)", markdown, StringComparison.Ordinal);
        // 55 MiB is over the sensor's 51Mi planned limit but under the 60Mi the autopilot gave it.
        Assert.Equal(60 * MiB, data.LimitOf("sensor"));
        Assert.DoesNotContain(Verdict.Judge(data).Failures, f => f.StartsWith("Sensor peaked", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1, "104857600\n", "cache 1\ntotal_inactive_file 4194304\n", 96)]
    [InlineData(2, "52428800\n", "anon 1\ninactive_file 2097152\nactive_file 3\n", 48)]
    public void The_working_set_is_usage_minus_inactive_file(int version, string usage, string stat, long mib) =>
        Assert.Equal(mib * MiB, CgroupMemoryFiles.WorkingSet(version == 2 ? CgroupVersion.V2 : CgroupVersion.V1, usage, stat));

    [Theory]
    [InlineData("oom_kill_disable 0\nunder_oom 0\noom_kill 2\n", 2)]
    [InlineData("low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\n", 1)]
    [InlineData("oom_kill_disable 0\nunder_oom 0\n", 0)]
    public void Oom_kills_are_the_kernel_counter(string content, int kills) => Assert.Equal(kills, CgroupMemoryFiles.OomKills(content));

    [Fact]
    public void The_sensor_metrics_give_its_cgroup_limit_and_GC_heap_limit()
    {
        var metrics = SensorLimitMetrics.Parse("# HELP x\nsensor_memory_limit_bytes 53477376\nsensor_gc_heap_limit_bytes 4.0108032e+07\nsensor_memory_limit_bytes_other 1\n");
        Assert.Equal(new SensorLimitMetrics(53477376, 40108032), metrics);
        Assert.Equal(SensorLimitMetrics.Unanswered, SensorLimitMetrics.Parse("process_cpu_seconds_total 1\n"));
    }

    [Fact]
    public void The_autopilot_sample_is_read_with_its_shortened_cooldown_and_shrinkAfter()
    {
        var sample = StackSample.Parse(File.ReadAllText(Path.Combine(SensorStack.Testing.RepositoryRoot.Path, "config", "samples", "autopilot.yaml")));

        Assert.Equal(new AutopilotSettings(true, 50, 4 * MiB, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)), sample.Autopilot);
        Assert.False(StackSample.Parse(Fixture.Read("sample.yaml")).Autopilot.Enabled);
    }

    [Theory]
    [InlineData("cooldown: soon", "spec.autopilot.cooldown")]
    [InlineData("minChange: lots", "spec.autopilot.minChange")]
    [InlineData("enabled: maybe", "spec.autopilot.enabled")]
    public void An_unreadable_autopilot_field_is_named(string field, string name)
    {
        var yaml = $"apiVersion: sensorstack.io/v1alpha1\nkind: SensorStack\nmetadata: {{name: a}}\nspec:\n  memoryBudget: 144Mi\n  autopilot:\n    {field}\n";
        Assert.Contains(name, Assert.Throws<PlanException>(() => StackSample.Parse(yaml)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_with_Grafana_is_refused_and_the_Go_components_shrink_through_a_restart()
    {
        Assert.Contains("without Grafana", Assert.Throws<PlanException>(() => LocalComponents.From(FixturePlan())).Message, StringComparison.Ordinal);

        var plan = FixturePlan() with { Grafana = null };
        var components = LocalComponents.From(plan);
        Assert.Equal([("sensor", ResizeMode.InPlace, 51 * MiB), ("victoriaMetrics", ResizeMode.ShrinkRestarts, 102 * MiB)], components.Select(c => (c.Name, c.Mode, c.StaticLimit)));
        Assert.Equal("victoria-metrics", components[1].Column);
    }
}
