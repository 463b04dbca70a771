using System.Globalization;
using SensorStack.BudgetReport.Measuring;

namespace SensorStack.BudgetReport.Planning;

/// <summary>Writes a <see cref="LocalRunPlan"/> as the files hack/budget-report.sh reads.</summary>
internal static class PlanFiles
{
    /// <summary>
    /// plan.env (limits, budget, scrape job and interval), sensor.env and sensor.args, vm.args (one
    /// per line), the two scrape configs, and vmalert.args, vmalert.env and its rules when alerting is on.
    /// </summary>
    public static void Write(LocalRunPlan plan, string directory, string vmScrapeConfigPath, string vmAlertRulesPath)
    {
        Directory.CreateDirectory(directory);
        var values = new Dictionary<string, string>
        {
            ["STACK_NAME"] = plan.Stack.Name,
            ["BUDGET"] = plan.Stack.MemoryBudget,
            ["BUDGET_BYTES"] = Number(plan.Stack.BudgetBytes),
            ["ALLOCATED_BYTES"] = Number(plan.AllocatedBytes),
            ["SENSOR_MEMORY_LIMIT"] = plan.Sensor.MemoryLimit,
            ["SENSOR_MEMORY_LIMIT_BYTES"] = Number(plan.Sensor.MemoryLimitBytes),
            ["VM_MEMORY_LIMIT"] = plan.VictoriaMetrics.MemoryLimit,
            ["VM_MEMORY_LIMIT_BYTES"] = Number(plan.VictoriaMetrics.MemoryLimitBytes),
            ["GRAFANA_MEMORY_LIMIT_BYTES"] = Number(plan.Grafana?.MemoryLimitBytes ?? 0),
            ["VMALERT_MEMORY_LIMIT"] = plan.VmAlert?.Process.MemoryLimit ?? "",
            ["VMALERT_MEMORY_LIMIT_BYTES"] = Number(plan.VmAlert?.Process.MemoryLimitBytes ?? 0),
            ["SCRAPE_JOB"] = plan.Scrape.Job,
            ["SCRAPE_INTERVAL_SECONDS"] = Number((long)Math.Ceiling(plan.Scrape.Interval.TotalSeconds)),
            // 1: the script runs the autopilot during the load and shifts the load from the sensor to VictoriaMetrics.
            ["AUTOPILOT"] = plan.Stack.Autopilot.Enabled ? "1" : "0",
        };
        File.WriteAllText(Path.Combine(directory, "plan.env"), KeyValueFile.Format(values));
        File.WriteAllText(Path.Combine(directory, "sensor.env"), KeyValueFile.Format(plan.Sensor.Environment));
        File.WriteAllText(Path.Combine(directory, "sensor.args"), Lines(plan.Sensor.Arguments));
        File.WriteAllText(Path.Combine(directory, "vm.args"), Lines(plan.VictoriaMetrics.Arguments));
        File.WriteAllText(vmScrapeConfigPath, plan.Scrape.VictoriaMetricsYaml);
        File.WriteAllText(Path.Combine(directory, "prometheus.yml"), plan.Scrape.PrometheusYaml);
        // Written even without alerting (empty), so the script reads the same files every time.
        File.WriteAllText(Path.Combine(directory, "vmalert.args"), Lines(plan.VmAlert?.Process.Arguments ?? []));
        File.WriteAllText(Path.Combine(directory, "vmalert.env"), KeyValueFile.Format(plan.VmAlert?.Process.Environment ?? []));
        if (plan.VmAlert is { } vmalert)
        {
            File.WriteAllText(vmAlertRulesPath, vmalert.Rules);
        }
    }

    private static string Lines(IEnumerable<string> lines) => string.Concat(lines.Select(l =>
        l.Contains('\n', StringComparison.Ordinal) ? throw new FormatException($"argument '{l}' has a line break") : l + "\n"));

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
