using k8s.Models;

namespace SensorOperator.Planning.Builders;

/// <summary>
/// The Deployment around one component's pod: its metadata, the plan's replica count (the number the
/// budget was multiplied by) and the selector and pod labels of the component. The builders give only
/// what differs: the pod spec and, for stores that must not run twice, the strategy.
/// </summary>
internal static class ComponentDeployment
{
    public static V1Deployment For(ResolvedSpec spec, ComponentPlan plan, ComponentIdentity component, V1PodSpec pod, V1DeploymentStrategy? strategy = null) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = ChildMeta.For(spec, plan.DeploymentName, component),
        Spec = new V1DeploymentSpec
        {
            Replicas = plan.Replicas,
            Strategy = strategy,
            Selector = new V1LabelSelector { MatchLabels = component.SelectorIn(spec) },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = StackLabels.For(spec.StackName, component.AppName, component.Component) },
                Spec = pod,
            },
        },
    };

    /// <summary>Recreate: the old pod stops before the new one starts, so two never share a data directory.</summary>
    public static V1DeploymentStrategy Recreate() => new() { Type = "Recreate" };
}
