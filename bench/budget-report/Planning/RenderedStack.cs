using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace SensorStack.BudgetReport.Planning;

/// <summary>
/// The children that `sensor-operator render` printed for one SensorStack, by role. Roles follow the
/// child names of the operator's contract: &lt;stack&gt;-sensor, &lt;stack&gt;-vm, &lt;stack&gt;-grafana,
/// &lt;stack&gt;-vmalert.
/// </summary>
internal sealed record RenderedStack(
    V1Deployment Sensor,
    V1Deployment VictoriaMetrics,
    V1Deployment? Grafana,
    IReadOnlyList<V1ConfigMap> ConfigMaps,
    V1Deployment? VmAlert = null)
{
    /// <summary>Reads the multi-document YAML of `render`; kinds other than Deployment and ConfigMap are skipped.</summary>
    public static RenderedStack Parse(string yaml)
    {
        var deployments = new List<V1Deployment>();
        var configMaps = new List<V1ConfigMap>();
        foreach (var (kind, text) in Documents(yaml))
        {
            // KubernetesYaml gives the client's typed models (and their quantity parsing), so nothing
            // here second-guesses the Kubernetes schema.
            switch (kind)
            {
                case "Deployment":
                    deployments.Add(KubernetesYaml.Deserialize<V1Deployment>(text));
                    break;
                case "ConfigMap":
                    configMaps.Add(KubernetesYaml.Deserialize<V1ConfigMap>(text));
                    break;
                default:
                    break;
            }
        }

        return new RenderedStack(
            Single(deployments, "-sensor") ?? throw new PlanException("the rendered objects hold no Deployment named <stack>-sensor"),
            Single(deployments, "-vm") ?? throw new PlanException("the rendered objects hold no Deployment named <stack>-vm"),
            Single(deployments, "-grafana"),
            configMaps,
            Single(deployments, "-vmalert"));
    }

    private static V1Deployment? Single(List<V1Deployment> deployments, string suffix)
    {
        var matching = deployments.Where(d => d.Metadata?.Name?.EndsWith(suffix, StringComparison.Ordinal) == true).ToList();
        return matching.Count switch
        {
            0 => null,
            1 => matching[0],
            _ => throw new PlanException($"the rendered objects hold {matching.Count} Deployments named *{suffix}; expected one stack"),
        };
    }

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
