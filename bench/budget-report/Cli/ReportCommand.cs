using System.CommandLine;
using SensorStack.BudgetReport.Measuring;
using SensorStack.BudgetReport.Planning;
using SensorStack.BudgetReport.Querying;
using SensorStack.BudgetReport.Reporting;

namespace SensorStack.BudgetReport.Cli;

/// <summary>
/// <c>budget-report report --sample FILE --rendered FILE --run DIR --out FILE.md [ports]</c>: reads
/// what the script recorded in DIR (run.env, samples.csv, phases.csv, load/*.txt), asks
/// VictoriaMetrics and the Prometheus baseline what they stored, and writes FILE.md with FILE.svg
/// beside it (and FILE.limits.svg after an autopilot run, from autopilot-resizes.csv and autopilot-ticks.csv). Exit 0 when the run passed, 1 when it failed (over budget, OOM kill, a component
/// stopped, or the scrape failed), 2 when the inputs are unusable.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var sample = Options.File("--sample", "The SensorStack manifest the run was for.");
        var rendered = Options.File("--rendered", "The output of `sensor-operator render -f SAMPLE` the run used.");
        var run = Options.Required<string>("--run", "The run's folder: run.env, samples.csv, phases.csv, load/*.txt.");
        var output = Options.Required<string>("--out", "The Markdown report to write; the chart goes beside it as .svg.");
        var ports = Options.Ports();
        var command = new Command("report", "Write the budget report of a finished run and judge it.")
        {
            sample, rendered, run, output, ports.SensorHttp, ports.SensorMetrics, ports.VictoriaMetrics, ports.Prometheus, ports.VmAlert,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var stdout = parse.InvocationConfiguration.Output;
            try
            {
                var directory = parse.GetRequiredValue(run);
                var localPorts = ports.From(parse);
                // Paths as the report shows them: relative to the run folder, so no machine's paths are recorded.
                var plan = LocalRunPlanner.Plan(
                    StackSample.Parse(await File.ReadAllTextAsync(parse.GetRequiredValue(sample), cancellationToken)),
                    RenderedStack.Parse(await File.ReadAllTextAsync(parse.GetRequiredValue(rendered), cancellationToken)),
                    localPorts,
                    new LocalPaths("<run>/vm-data", "<run>/vm-scrape.yml"));
                var record = RunRecord.From(
                    KeyValueFile.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "run.env"), cancellationToken)),
                    File.Exists(Path.Combine(directory, "phases.csv")) ? await File.ReadAllTextAsync(Path.Combine(directory, "phases.csv"), cancellationToken) : "");
                var samples = MemorySamples.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "samples.csv"), cancellationToken));
                var load = Directory.Exists(Path.Combine(directory, "load"))
                    ? Directory.GetFiles(Path.Combine(directory, "load"), "*.txt").Order(StringComparer.Ordinal)
                        .Select(f => LoadResult.Parse(Path.GetFileNameWithoutExtension(f), File.ReadAllText(f))).ToList()
                    : [];

                // Everything the stores hold for the run: the sampled span plus a margin for the last scrape.
                var window = TimeSpan.FromSeconds((samples.Seconds.Count > 0 ? samples.Seconds[^1] : 0) + 60);
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
                var vm = await ScrapeHealth.CollectAsync("VictoriaMetrics", new PrometheusApi(http, new Uri($"http://127.0.0.1:{localPorts.VictoriaMetrics}/")), plan.Scrape.Job, window, cancellationToken);
                var prometheus = await ScrapeHealth.CollectAsync("Prometheus", new PrometheusApi(http, new Uri($"http://127.0.0.1:{localPorts.Prometheus}/")), plan.Scrape.Job, window, cancellationToken);

                var ticks = Path.Combine(directory, "autopilot-ticks.csv");
                var autopilot = File.Exists(ticks)
                    ? AutopilotRecord.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "autopilot-resizes.csv"), cancellationToken), await File.ReadAllTextAsync(ticks, cancellationToken))
                    : null;
                var data = new ReportData(plan, record, samples, vm, prometheus, load, autopilot);
                var verdict = Verdict.Judge(data);
                var markdownPath = parse.GetRequiredValue(output);
                var svgPath = Path.ChangeExtension(markdownPath, ".svg");
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(markdownPath))!);
                await File.WriteAllTextAsync(svgPath, SvgChart.Render(data), cancellationToken);
                string? limitsPath = null;
                if (autopilot is not null)
                {
                    limitsPath = Path.ChangeExtension(markdownPath, ".limits.svg");
                    await File.WriteAllTextAsync(limitsPath, LimitChart.Render(data), cancellationToken);
                }

                await File.WriteAllTextAsync(markdownPath, MarkdownReport.Render(data, verdict, Path.GetFileName(svgPath), limitsPath is null ? null : Path.GetFileName(limitsPath)), cancellationToken);

                await stdout.WriteLineAsync($"budget report: {markdownPath}");
                await stdout.WriteLineAsync($"  sensor + VictoriaMetrics peak {Units.MiB(data.Stack.Peak)} MiB (target {Units.MiB(record.TargetBytes)} MiB: {(verdict.TargetMet ? "met" : "not met")}), budget {plan.Stack.MemoryBudget}");
                foreach (var failure in verdict.Failures)
                {
                    await error.WriteLineAsync($"  FAIL: {failure}");
                }

                await stdout.WriteLineAsync(verdict.Passed ? "  PASS" : "  FAILED");
                return verdict.Passed ? 0 : 1;
            }
            catch (Exception e) when (e is PlanException or IOException or FormatException)
            {
                await error.WriteLineAsync($"budget-report report: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
