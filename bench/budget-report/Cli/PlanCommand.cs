using System.CommandLine;
using SensorStack.BudgetReport.Planning;

namespace SensorStack.BudgetReport.Cli;

/// <summary>
/// <c>budget-report plan --sample FILE --rendered FILE --out DIR --vm-data DIR --sensor-http-port N
/// --sensor-metrics-port N --vm-port N --prometheus-port N</c>: the local run's settings from the
/// output of <c>sensor-operator render</c>, as files in DIR. Exit 2 with one line when the input
/// cannot be planned from.
/// </summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var sample = Options.File("--sample", "The SensorStack manifest the run is for (its spec.memoryBudget is the budget).");
        var rendered = Options.File("--rendered", "The output of `sensor-operator render -f SAMPLE`.");
        var output = Options.Required<string>("--out", "Folder for plan.env, sensor.env, sensor.args, vm.args, prometheus.yml.");
        var vmData = Options.Required<string>("--vm-data", "VictoriaMetrics' local -storageDataPath.");
        var ports = Options.Ports();
        var command = new Command("plan", "Turn rendered SensorStack children into the settings of a local run.")
        {
            sample, rendered, output, vmData, ports.SensorHttp, ports.SensorMetrics, ports.VictoriaMetrics, ports.Prometheus, ports.VmAlert,
        };
        command.SetAction(parse =>
        {
            try
            {
                var directory = parse.GetRequiredValue(output);
                var scrapeConfig = Path.Combine(directory, "vm-scrape.yml");
                var rules = Path.Combine(directory, "vmalert-rules.yaml");
                var plan = LocalRunPlanner.Plan(
                    StackSample.Parse(File.ReadAllText(parse.GetRequiredValue(sample))),
                    RenderedStack.Parse(File.ReadAllText(parse.GetRequiredValue(rendered))),
                    ports.From(parse),
                    new LocalPaths(Path.GetFullPath(parse.GetRequiredValue(vmData)), Path.GetFullPath(scrapeConfig), Path.GetFullPath(rules)));
                PlanFiles.Write(plan, directory, scrapeConfig, rules);
                return 0;
            }
            catch (Exception e) when (e is PlanException or IOException or FormatException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"budget-report plan: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
