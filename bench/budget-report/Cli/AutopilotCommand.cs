using System.CommandLine;
using System.Globalization;
using SensorStack.BudgetReport.Autopilot;
using SensorStack.BudgetReport.Planning;

namespace SensorStack.BudgetReport.Cli;

/// <summary>
/// <c>budget-report autopilot --sample FILE --rendered FILE --cgroup-base DIR --cgroup-version v1|v2 ...</c>: the
/// operator's autopilot decision on the running local stack, for the set duration. Writes one command per
/// limit change to stdout and waits for the script's answer on stdin; writes autopilot-resizes.csv and
/// autopilot-ticks.csv into --record. Exit 0 when it ran to the end, 2 when the inputs are unusable.
/// </summary>
internal static class AutopilotCommand
{
    public static Command Create()
    {
        var sample = Options.File("--sample", "The SensorStack manifest; its spec.autopilot must be enabled.");
        var rendered = Options.File("--rendered", "The output of `sensor-operator render -f SAMPLE`: the static split the run starts from.");
        var cgroupBase = Options.Required<string>("--cgroup-base", "The folder holding one memory cgroup per component (sensor, vm, vmalert).");
        var version = Options.Required<string>("--cgroup-version", "v1 (memory.limit_in_bytes) or v2 (memory.max).");
        version.AcceptOnlyFromAmong("v1", "v2");
        var interval = Seconds("--interval", "Seconds between decisions (the operator's observe interval, scaled).");
        var timeScale = Seconds("--time-scale", "How many seconds of the decision's clock pass per second of the run.");
        var duration = Seconds("--duration", "Seconds to run.");
        var startedAt = new Option<double>("--started-at") { Description = "Seconds since the sampler's start when this runs (lines the record up with samples.csv)." };
        var metricsPort = Options.Required<int>("--sensor-metrics-port", "The sensor's /metrics port on 127.0.0.1.");
        var record = Options.Required<string>("--record", "The run's folder, where the autopilot's record is written.");
        var command = new Command("autopilot", "Run the operator's autopilot decision on the local stack, applying each change to its cgroup limit.")
        {
            sample, rendered, cgroupBase, version, interval, timeScale, duration, startedAt, metricsPort, record,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var stack = StackSample.Parse(await File.ReadAllTextAsync(parse.GetRequiredValue(sample), cancellationToken));
                if (!stack.Autopilot.Enabled)
                {
                    throw new PlanException($"SensorStack {stack.Name}: spec.autopilot.enabled is not true");
                }

                var plan = LocalRunPlanner.Plan(
                    stack,
                    RenderedStack.Parse(await File.ReadAllTextAsync(parse.GetRequiredValue(rendered), cancellationToken)),
                    new LocalPorts(1, parse.GetRequiredValue(metricsPort), 1, 1, 1),
                    new LocalPaths("<run>/vm-data", "<run>/vm-scrape.yml"));
                var metrics = new Uri($"http://127.0.0.1:{parse.GetRequiredValue(metricsPort).ToString(CultureInfo.InvariantCulture)}/metrics");
                var io = new RunnerIo(
                    parse.GetRequiredValue(cgroupBase),
                    parse.GetRequiredValue(version) == "v2" ? CgroupVersion.V2 : CgroupVersion.V1,
                    metrics,
                    parse.InvocationConfiguration.Output,
                    Console.In,
                    error,
                    parse.GetRequiredValue(record));
                var runner = new AutopilotRunner(
                    stack.Autopilot,
                    stack.BudgetBytes,
                    LocalComponents.From(plan),
                    TimeSpan.FromSeconds(parse.GetRequiredValue(interval)),
                    parse.GetRequiredValue(timeScale),
                    io);
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
                await runner.RunAsync(TimeSpan.FromSeconds(parse.GetRequiredValue(duration)), parse.GetValue(startedAt), http, cancellationToken);
                return 0;
            }
            catch (Exception e) when (e is PlanException or IOException or FormatException)
            {
                await error.WriteLineAsync($"budget-report autopilot: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static Option<double> Seconds(string name, string description)
    {
        var option = Options.Required<double>(name, description);
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is <= 0 or > 86400 or double.NaN)
            {
                result.AddError($"{name} must be above 0 and at most 86400");
            }
        });
        return option;
    }
}
