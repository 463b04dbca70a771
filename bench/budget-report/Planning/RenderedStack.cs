using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CustomResourceSchema;
using k8s.Models;
using SensorOperator.Api;
using SensorOperator.Planning;
using YamlDotNet.RepresentationModel;

namespace SensorStack.BudgetReport.Planning;

/// <summary>
/// The children that `sensor-operator render` printed for one SensorStack, by role. Roles follow the
/// child names of the operator's contract (<see cref="ChildNames"/>), for the stack named by the
/// Deployments' instance label.
/// </summary>
internal sealed record RenderedStack(
    V1Deployment Sensor,
    V1Deployment VictoriaMetrics,
    V1Deployment? Grafana,
    IReadOnlyList<V1ConfigMap> ConfigMaps,
    V1Deployment? VmAlert = null)
{
    private static T Read<T>(string yaml, JsonTypeInfo<T> type) =>
        YamlJson.Parse(yaml).Deserialize(type) ?? throw new PlanException($"an empty {typeof(T).Name} document in the rendered YAML");

    /// <summary>Reads the multi-document YAML of `render`; kinds other than Deployment and ConfigMap are skipped.</summary>
    public static RenderedStack Parse(string yaml)
    {
        var deployments = new List<V1Deployment>();
        var configMaps = new List<V1ConfigMap>();
        foreach (var (kind, text) in Documents(yaml))
        {
            // Read into the client's typed models (and their quantity parsing) through the operator's
            // source-generated context, so nothing here second-guesses the Kubernetes schema.
            switch (kind)
            {
                case "Deployment":
                    deployments.Add(Read(text, OperatorJsonContext.Default.V1Deployment));
                    break;
                case "ConfigMap":
                    configMaps.Add(Read(text, OperatorJsonContext.Default.V1ConfigMap));
                    break;
                default:
                    break;
            }
        }

        var stacks = deployments.Select(d => d.Metadata?.Labels is { } labels && labels.TryGetValue(StackLabels.Instance, out var name) ? name : null).OfType<string>().Distinct().ToList();
        if (stacks.Count > 1)
        {
            throw new PlanException($"the rendered objects hold the Deployments of {stacks.Count} stacks ({string.Join(", ", stacks)}); expected one stack");
        }

        var stack = stacks.SingleOrDefault() ?? "<stack>";
        return new RenderedStack(
            Named(deployments, ChildNames.Sensor(stack)) ?? throw new PlanException($"the rendered objects hold no Deployment named {ChildNames.Sensor(stack)}"),
            Named(deployments, ChildNames.VictoriaMetrics(stack)) ?? throw new PlanException($"the rendered objects hold no Deployment named {ChildNames.VictoriaMetrics(stack)}"),
            Named(deployments, ChildNames.Grafana(stack)),
            configMaps,
            Named(deployments, ChildNames.VmAlert(stack)));
    }

    private static V1Deployment? Named(List<V1Deployment> deployments, string name) =>
        deployments.SingleOrDefault(d => d.Metadata?.Name == name);

    private static IEnumerable<(string Kind, string Text)> Documents(string yaml)
    {
        foreach (var document in YamlNodes.LoadAll(yaml, "the rendered output"))
        {
            if (document.RootNode is YamlMappingNode root && YamlNodes.Scalar(root, "kind") is { } kind)
            {
                yield return (kind, YamlNodes.Save(root));
            }
        }
    }
}
