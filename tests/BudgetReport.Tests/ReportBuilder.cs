using SensorStack.BudgetReport.Measuring;
using SensorStack.BudgetReport.Planning;
using SensorStack.BudgetReport.Querying;
using SensorStack.BudgetReport.Reporting;

namespace SensorStack.BudgetReportTests;

/// <summary>A finished run, built in memory: the fixture plan, given samples, and a store's answers.</summary>
internal static class ReportBuilder
{
    public const long MiB = 1024 * 1024;

    public static LocalRunPlan FixturePlan() => LocalRunPlanner.Plan(
        StackSample.Parse(Fixture.Read("sample.yaml")),
        RenderedStack.Parse(Fixture.Read("rendered.yaml")),
        new LocalPorts(21001, 21002, 21003, 21004),
        new LocalPaths("<run>/vm-data", "<run>/vm-scrape.yml"));

    public static ScrapeHealth HealthyStore(string name = "VictoriaMetrics") => new(
        name, "up", "", Up: 1, Scrapes: 3, SamplesIngested: 420, Series: 140, SensorSeries: 60,
        [new Bucket("0.25", 0), new Bucket("1", 2), new Bucket("+Inf", 3)], SpikeCount: 3, SpikeSum: 4.5, QueryError: null);

    public static ScrapeHealth DownStore() => new(
        "VictoriaMetrics", "down", "connection refused", Up: 0, Scrapes: 2, SamplesIngested: 0, Series: 4, SensorSeries: null,
        [], SpikeCount: null, SpikeSum: null, QueryError: null);

    /// <summary>Samples as the script writes them: "seconds,sensor,victoria-metrics,prometheus" in MiB here for readability.</summary>
    public static MemorySamples Samples(params (double Seconds, long? Sensor, long? Vm, long? Prometheus)[] rows) =>
        MemorySamples.Parse("seconds,sensor,victoria-metrics,prometheus\n" + string.Concat(rows.Select(r =>
            $"{r.Seconds},{r.Sensor * MiB},{r.Vm * MiB},{r.Prometheus * MiB}\n")));

    public static RunRecord Run(int sensorOomKills = 0, string? sensorExit = null, long targetMiB = 80) => RunRecord.From(
        new Dictionary<string, string>
        {
            ["DATE"] = "2026-01-01T00:00:00Z",
            ["MACHINE"] = "2 CPU cores",
            ["COMMAND"] = "hack/budget-report.sh --quick",
            ["LOAD_SECONDS"] = "30",
            ["MODE"] = "cgroup-v1",
            ["TARGET_BYTES"] = (targetMiB * MiB).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SENSOR_OOM_KILLS"] = sensorOomKills.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SENSOR_EXIT"] = sensorExit ?? "",
        },
        "start,end,label\n5.0,11.0,ingest burst 1\n");

    public static ReportData Data(MemorySamples samples, RunRecord? run = null, ScrapeHealth? vm = null) =>
        new(FixturePlan(), run ?? Run(), samples, vm ?? HealthyStore(), HealthyStore("Prometheus"),
            [LoadResult.Parse("ingest", Fixture.Read("hey.txt"))]);
}
