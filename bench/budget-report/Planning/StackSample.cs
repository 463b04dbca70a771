using k8s.Models;
using YamlDotNet.RepresentationModel;
using static SensorStack.BudgetReport.Planning.YamlNodes;

namespace SensorStack.BudgetReport.Planning;

/// <summary>The SensorStack the report is run for: its name and the budget everything must fit in.</summary>
internal sealed record StackSample(string Name, string MemoryBudget, long BudgetBytes)
{
    public static StackSample Parse(string yaml)
    {
        foreach (var document in LoadAll(yaml, "the sample"))
        {
            if (document.RootNode is not YamlMappingNode root || Scalar(root, "kind") != "SensorStack")
            {
                continue;
            }

            var name = Scalar(Mapping(root, "metadata"), "name") ?? throw new PlanException("the SensorStack sample has no metadata.name");
            var budget = Scalar(Mapping(root, "spec"), "memoryBudget") ?? throw new PlanException($"SensorStack {name} has no spec.memoryBudget");
            long bytes;
            try
            {
                bytes = new ResourceQuantity(budget).ToInt64();
            }
            catch (FormatException e)
            {
                throw new PlanException($"SensorStack {name}: spec.memoryBudget '{budget}' is not a quantity ({e.Message})");
            }

            return new StackSample(name, budget, bytes);
        }

        throw new PlanException("the sample holds no SensorStack");
    }
}
