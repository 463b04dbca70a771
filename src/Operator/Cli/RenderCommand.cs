using System.CommandLine;
using SensorOperator.Api;
using SensorOperator.Planning;

namespace SensorOperator.Cli;

/// <summary>
/// <c>sensor-operator render -f FILE [--sensor-image IMAGE] [--service-scrape] [--vm-rule]</c>: prints every
/// child object of the SensorStack(s) in FILE as multi-document YAML, in apply order, through the
/// planner the operator itself runs. Nothing is printed unless every stack in the file plans.
/// </summary>
public static class RenderCommand
{
    /// <summary>Exit code when a stack does not fit its budget (the planner's message on stderr).</summary>
    public const int Infeasible = 1;

    /// <summary>Exit code when FILE cannot be read or holds an invalid SensorStack (file and field named on stderr).</summary>
    public const int InvalidInput = 2;

    public static Command Create()
    {
        // Not Required at parse level: a missing -f is invalid input (exit 2) like an unreadable file,
        // rather than System.CommandLine's parse error code 1, which here means "does not fit".
        var file = new Option<string?>("--filename", "-f")
        {
            Description = "Required. YAML file with one or more SensorStacks ('-' reads standard input).",
        };
        var sensorImage = new Option<string?>("--sensor-image")
        {
            Description = $"Sensor image for stacks that do not set spec.sensor.image (default {PlannerDefaults.DefaultSensorImage}).",
        };
        var serviceScrape = new Option<bool>("--service-scrape")
        {
            Description = "Also print the VMServiceScrape the operator writes on clusters that serve vmservicescrapes.operator.victoriametrics.com.",
        };

        var vmRule = new Option<bool>("--vm-rule")
        {
            Description = "Also print the VMRule the operator writes for stacks with alerting on clusters that serve vmrules.operator.victoriametrics.com.",
        };

        var command = new Command("render", """
            Print every object the operator would create for the SensorStack(s) in FILE, as multi-document
            YAML in apply order. Exit codes: 0 rendered; 1 a stack does not fit its memory budget (the
            planner's reason and numbers on stderr); 2 FILE is unreadable or invalid (file and field named).
            """)
        {
            file, sensorImage, serviceScrape, vmRule,
        };
        command.SetAction(parse => Run(
            parse.GetValue(file),
            parse.GetValue(sensorImage),
            parse.GetValue(serviceScrape),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            includeVmRule: parse.GetValue(vmRule)));
        return command;
    }

    internal static int Run(string? path, string? sensorImage, bool includeServiceScrape, TextWriter output, TextWriter error, TextReader? stdin = null, bool includeVmRule = false)
    {
        if (string.IsNullOrEmpty(path))
        {
            error.WriteLine("render: -f FILE is required");
            return InvalidInput;
        }

        var loaded = SensorStackFile.Load(path, stdin);
        if (loaded.Error is not null)
        {
            error.WriteLine(loaded.Error);
            return InvalidInput;
        }

        var defaults = string.IsNullOrWhiteSpace(sensorImage) ? PlannerDefaults.Default : PlannerDefaults.Default with { SensorImage = sensorImage };
        var objects = new List<object>();
        var exitCode = 0;
        foreach (var stack in loaded.Stacks)
        {
            var id = $"SensorStack {(stack.Metadata?.NamespaceProperty is { Length: > 0 } ns ? ns + "/" : "")}{stack.Metadata?.Name}";
            switch (StackPlanner.Plan(stack, defaults))
            {
                case FeasiblePlan { Plan: var plan }:
                    objects.AddRange(plan.Children);
                    if (includeServiceScrape)
                    {
                        objects.Add(plan.ServiceScrape);
                    }

                    if (includeVmRule && plan.Rule is not null)
                    {
                        objects.Add(plan.Rule);
                    }

                    break;
                case InfeasiblePlan { IsInvalidSpec: true } invalid:
                    error.WriteLine($"{path}: {id}: {invalid.Message}");
                    exitCode = InvalidInput;
                    break;
                case InfeasiblePlan infeasible:
                    error.WriteLine($"{path}: {id} does not fit: {infeasible.Reason}: {infeasible.Message}");
                    exitCode = Math.Max(exitCode, Infeasible);
                    break;
            }
        }

        if (exitCode != 0)
        {
            return exitCode;
        }

        output.Write(OperatorYaml.SerializeAll(objects));
        return 0;
    }
}
