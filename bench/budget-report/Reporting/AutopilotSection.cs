using System.Globalization;
using System.Text;
using SensorOperator.Api;
using SensorOperator.Planning;
using SensorStack.BudgetReport.Measuring;

namespace SensorStack.BudgetReport.Reporting;

/// <summary>Pure: the report's autopilot section: the settings and the time scale, every resize, the checks, the limits chart.</summary>
internal static class AutopilotSection
{
    public static void Render(StringBuilder md, ReportData data, string limitsChartFile)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Autopilot is not { } record)
        {
            return;
        }

        var settings = data.Plan.Stack.Autopilot;
        var scale = data.Run.AutopilotTimeScale;
        md.Line("## Autopilot");
        md.Line();
        md.Line($"spec.autopilot: headroomPercent {settings.HeadroomPercent}, minChange {Quantities.Format(settings.MinChangeBytes)}, cooldown {GoDuration.Format(settings.Cooldown)}, shrinkAfter {GoDuration.Format(settings.ShrinkAfter)}.");
        md.Line($"The operator's decision (`Planning/Autopilot`) ran every {Seconds(data.Run.AutopilotIntervalSeconds)} of the run on the working sets sampled from the cgroups, with its clock at {scale:0}x the wall clock"
            + $" (one decision per {Seconds(data.Run.AutopilotIntervalSeconds * scale)} of its clock): the cooldown lasted {Seconds(settings.Cooldown.TotalSeconds / scale)} of the run, shrinkAfter {Seconds(settings.ShrinkAfter.TotalSeconds / scale)}, an hour of history {Seconds(3600 / scale)}.");
        md.Line("Each step was applied live to the component's cgroup limit (this machine's in-place resize) in the decision's order, decreases first; a VictoriaMetrics or vmalert shrink restarted it with the new limit, as the operator does for Go runtimes, which size themselves from the limit only at start.");
        md.Line($"Load: ingest bursts on the sensor in the first half, heavy range queries on VictoriaMetrics in the second (shaded in the charts).");
        md.Line();

        md.Line("| At | Component | From | To | How | Reason | Σ limits after | Outcome |");
        md.Line("| ---: | --- | ---: | ---: | --- | --- | ---: | --- |");
        foreach (var resize in record.Resizes)
        {
            md.Line($"| {resize.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s | {resize.Component} | {Units.MiB(resize.From)} MiB | {Units.MiB(resize.To)} MiB | {(resize.Restarted ? "restart" : "in place")} | {resize.Reason} | {Units.MiB(resize.SumAfter)} MiB | {resize.Outcome} |");
        }

        if (record.Resizes.Count == 0)
        {
            md.Line("| | no resize was decided | | | | | | |");
        }

        md.Line();
        var highest = Math.Max(record.Ticks.Select(t => t.Sum).DefaultIfEmpty(0).Max(), record.Resizes.Where(r => r.Applied).Select(r => r.SumAfter).DefaultIfEmpty(0).Max());
        md.Line($"- Σ limits at most {Units.MiB(highest)} MiB of the {Units.MiB(data.Plan.Stack.BudgetBytes)} MiB budget, checked at each of {record.Ticks.Count} decisions and after each of {record.Resizes.Count(r => r.Applied)} applied steps.");
        var settled = AutopilotChecks.SettledSensorTicks(record).Where(p => p.Tick.SensorGcHeapLimit is not null).ToList();
        if (settled.Count > 0)
        {
            var ratios = settled.Select(p => p.Tick.SensorGcHeapLimit!.Value / (double)p.Limit).ToList();
            var limits = settled.Select(p => p.Limit).Distinct().Order().Select(Units.MiB);
            md.Line($"- The sensor's GC heap limit (sensor_gc_heap_limit_bytes) was {Units.Percent(ratios.Min())} to {Units.Percent(ratios.Max())} of the limit in force at {settled.Count} decisions at least {AutopilotChecks.Settle.TotalSeconds:0} s after a resize, over limits of {string.Join(", ", limits)} MiB (the operator sets {MemoryPolicy.SensorGcHeapPercent}%).");
        }

        md.Line();
        md.Line($"![Limits in force and working sets per component, Σ limits and the budget]({limitsChartFile})");
        md.Line();
        md.Line("Solid: working set. Dashed steps: the limit in force, same colour. Thick: Σ limits. Dotted: the sensor's GC heap limit as it exports it.");
        md.Line();
        if (record.Resizes.Count > 0)
        {
            md.Line("Messages of the decision:");
            md.Line();
            foreach (var resize in record.Resizes)
            {
                md.Line($"- {resize.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s: {resize.Message}");
            }

            md.Line();
        }
    }

    private static string Seconds(double seconds) => $"{seconds.ToString("0.#", CultureInfo.InvariantCulture)} s";
}
