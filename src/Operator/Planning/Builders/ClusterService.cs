using k8s.Models;

namespace SensorOperator.Planning.Builders;

/// <summary>
/// The ClusterIP Service in front of one component's pods. Every port targets the container port of
/// the same name, so a port number lives in one place: the container spec.
/// </summary>
internal static class ClusterService
{
    public static V1Service For(ResolvedSpec spec, ComponentPlan plan, ComponentIdentity component, params (string Name, int Port)[] ports) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = ChildMeta.For(spec, plan.DeploymentName, component),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Selector = component.SelectorIn(spec),
            Ports = [.. ports.Select(p => new V1ServicePort { Name = p.Name, Port = p.Port, TargetPort = p.Name, Protocol = "TCP" })],
        },
    };
}
