namespace SensorStack.BudgetReport.Reporting;

/// <summary>Pass or fail, and why: over budget, a component over its limit or OOM-killed, a
/// component that stopped, or a scrape that did not reach VictoriaMetrics.</summary>
internal sealed record Verdict(IReadOnlyList<string> Failures, bool TargetMet)
{
    public bool Passed => Failures.Count == 0;

    public static Verdict Judge(ReportData data)
    {
        var failures = new List<string>();
        var stack = data.Stack;
        if (stack.Count == 0)
        {
            failures.Add("no memory sample has both the sensor and VictoriaMetrics: they did not run together");
        }
        else if (data.MeasuredSum.Count == 0)
        {
            failures.Add("no memory sample has every measured component (sensor, VictoriaMetrics, vmalert): they did not run together");
        }
        else if (data.TotalPeak > data.Plan.Stack.BudgetBytes)
        {
            var grafana = data.GrafanaAtLimit > 0 ? $" (measured {Units.MiB(data.MeasuredSum.Peak)} MiB, Grafana counted at its {Units.MiB(data.GrafanaAtLimit)} MiB limit)" : "";
            failures.Add($"over budget: the stack peaked at {Units.MiB(data.TotalPeak)} MiB{grafana}, the budget is {Units.MiB(data.Plan.Stack.BudgetBytes)} MiB");
        }

        foreach (var component in data.Measured)
        {
            var name = Units.Title(component);
            var summary = data.Samples.Of(component);
            var limit = data.LimitOf(component);
            if (summary.Peak > limit)
            {
                failures.Add($"{name} peaked at {Units.MiB(summary.Peak)} MiB, over its {Units.MiB(limit)} MiB limit");
            }

            var outcome = data.Run.Outcomes[component];
            if (outcome.OomKills > 0)
            {
                failures.Add($"{name} was OOM-killed {outcome.OomKills} time(s)");
            }

            if (outcome.ExitCode is not null)
            {
                failures.Add($"{name} stopped during the run (exit code {outcome.ExitCode})");
            }
        }

        var vm = data.VictoriaMetrics;
        if (!vm.Healthy)
        {
            failures.Add($"VictoriaMetrics did not scrape the sensor: target {vm.TargetHealth}, up={Units.Value(vm.Up)}, sensor series={Units.Value(vm.SensorSeries)}"
                + (vm.LastError.Length > 0 ? $", last error: {vm.LastError}" : "")
                + (vm.QueryError is not null ? $", query error: {vm.QueryError}" : ""));
        }

        if (data.Autopilot is { } autopilot)
        {
            failures.AddRange(AutopilotChecks.Failures(autopilot, data.Plan.Stack.BudgetBytes));
        }

        // The target is the issue's: the two components' peak under the target, and neither OOM-killed
        // nor stopped (a crashed sensor's low peak meets nothing).
        var survived = ReportData.StackComponents.All(c => data.Run.Outcomes[c] is { OomKills: 0, ExitCode: null });
        return new Verdict(failures, stack.Count > 0 && stack.Peak <= data.Run.TargetBytes && survived);
    }
}
