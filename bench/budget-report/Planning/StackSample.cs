using System.Globalization;
using k8s.Models;
using SensorOperator.Api;
using SensorOperator.Planning.Autopilot;
using YamlDotNet.RepresentationModel;
using static SensorStack.BudgetReport.Planning.YamlNodes;

namespace SensorStack.BudgetReport.Planning;

/// <summary>The SensorStack the report is run for: its name, the budget everything must fit in, and spec.autopilot.</summary>
internal sealed record StackSample(string Name, string MemoryBudget, long BudgetBytes)
{
    /// <summary>spec.autopilot with the API's defaults; off unless the sample enables it.</summary>
    public AutopilotSettings Autopilot { get; init; } = AutopilotSettings.Disabled;

    public static StackSample Parse(string yaml)
    {
        foreach (var document in LoadAll(yaml, "the sample"))
        {
            if (document.RootNode is not YamlMappingNode root || Scalar(root, "kind") != "SensorStack")
            {
                continue;
            }

            var name = Scalar(Mapping(root, "metadata"), "name") ?? throw new PlanException("the SensorStack sample has no metadata.name");
            var spec = Mapping(root, "spec");
            var budget = Scalar(spec, "memoryBudget") ?? throw new PlanException($"SensorStack {name} has no spec.memoryBudget");
            long bytes;
            try
            {
                bytes = new ResourceQuantity(budget).ToInt64();
            }
            catch (FormatException e)
            {
                throw new PlanException($"SensorStack {name}: spec.memoryBudget '{budget}' is not a quantity ({e.Message})");
            }

            return new StackSample(name, budget, bytes) { Autopilot = ReadAutopilot(name, Mapping(spec, "autopilot")) };
        }

        throw new PlanException("the sample holds no SensorStack");
    }

    // The bounds are the CRD's: `sensor-operator render` has already refused a sample outside them, so
    // this only reads the values (and says which one is unreadable).
    private static AutopilotSettings ReadAutopilot(string stack, YamlMappingNode? autopilot)
    {
        var defaults = AutopilotSettings.Disabled;
        if (autopilot is null)
        {
            return defaults;
        }

        string Field(string key) => $"SensorStack {stack}: spec.autopilot.{key}";
        var enabled = Scalar(autopilot, "enabled") is { } e
            ? bool.TryParse(e, out var on) ? on : throw new PlanException($"{Field("enabled")} '{e}' is not true or false")
            : defaults.Enabled;
        var headroom = Scalar(autopilot, "headroomPercent") is { } h
            ? int.TryParse(h, NumberStyles.None, CultureInfo.InvariantCulture, out var percent) ? percent : throw new PlanException($"{Field("headroomPercent")} '{h}' is not a whole number")
            : defaults.HeadroomPercent;
        var minChange = defaults.MinChangeBytes;
        if (Scalar(autopilot, "minChange") is { } m && !Quantities.TryParseBytes(Field("minChange"), m, out minChange, out var quantityError))
        {
            throw new PlanException(quantityError);
        }

        return new AutopilotSettings(enabled, headroom, minChange, Duration(autopilot, "cooldown", defaults.Cooldown, Field), Duration(autopilot, "shrinkAfter", defaults.ShrinkAfter, Field));
    }

    private static TimeSpan Duration(YamlMappingNode autopilot, string key, TimeSpan fallback, Func<string, string> field) =>
        Scalar(autopilot, key) is not { } text ? fallback
            : GoDuration.TryParse(field(key), text, out var value, out var error) ? value : throw new PlanException(error);
}
