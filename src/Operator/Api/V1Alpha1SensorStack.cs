using System.Diagnostics.CodeAnalysis;
using k8s;
using k8s.Models;

namespace SensorOperator.Api;

/// <summary>
/// The SensorStack custom resource (sensorstack.io/v1alpha1): a sensor service, VictoriaMetrics and
/// optionally Grafana that together must fit a declared memory budget. The CRD in
/// config/crds/sensorstack.io_sensorstacks.yaml is the source of truth for the schema; a test keeps
/// this model and that schema in step.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "The Kubernetes kind is SensorStack; the name follows KubernetesClient's V1Alpha1<Kind> convention.")]
[KubernetesEntity(Group = Group, ApiVersion = Version, Kind = ResourceKind, PluralName = Plural)]
public sealed class V1Alpha1SensorStack : IKubernetesObject<V1ObjectMeta>, ISpec<SensorStackSpec>, IStatus<SensorStackStatus>
{
    public const string Group = "sensorstack.io";
    public const string Version = "v1alpha1";
    public const string GroupVersion = Group + "/" + Version;
    public const string ResourceKind = "SensorStack";
    public const string Plural = "sensorstacks";
    public const string Singular = "sensorstack";
    public const string ShortName = "sstack";

    public string ApiVersion { get; set; } = GroupVersion;

    public string Kind { get; set; } = ResourceKind;

    public V1ObjectMeta Metadata { get; set; } = new();

    public SensorStackSpec Spec { get; set; } = new();

    /// <summary>Absent until the operator first writes it.</summary>
    public SensorStackStatus? Status { get; set; }

    // IStatus promises a non-null status; generic code that asks for it gets an empty one to fill.
    SensorStackStatus IStatus<SensorStackStatus>.Status
    {
        get => Status ??= new SensorStackStatus();
        set => Status = value;
    }
}
