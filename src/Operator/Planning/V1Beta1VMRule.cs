using k8s;
using k8s.Models;

namespace SensorOperator.Planning;

/// <summary>
/// The part of the VictoriaMetrics operator's VMRule (operator.victoriametrics.com/v1beta1) this
/// project writes. Its groups have the shape of a vmalert rule file, so the same
/// <see cref="AlertRuleGroup"/> objects fill both the rules ConfigMap and the VMRule.
/// </summary>
[KubernetesEntity(Group = V1Beta1VMServiceScrape.Group, ApiVersion = V1Beta1VMServiceScrape.Version, Kind = ResourceKind, PluralName = Plural)]
public sealed class V1Beta1VMRule : IKubernetesObject<V1ObjectMeta>, ISpec<VMRuleSpec>
{
    public const string ResourceKind = "VMRule";
    public const string Plural = "vmrules";

    public string ApiVersion { get; set; } = $"{V1Beta1VMServiceScrape.Group}/{V1Beta1VMServiceScrape.Version}";

    public string Kind { get; set; } = ResourceKind;

    public V1ObjectMeta Metadata { get; set; } = new();

    public VMRuleSpec Spec { get; set; } = new();
}

public sealed class VMRuleSpec
{
    public IList<AlertRuleGroup> Groups { get; set; } = [];
}

/// <summary>vmalert's -rule file: a list of groups, like the VMRule spec.</summary>
public sealed class AlertRuleFile
{
    public IList<AlertRuleGroup> Groups { get; set; } = [];
}

/// <summary>A rule group: vmalert evaluates its rules together every <see cref="Interval"/>.</summary>
public sealed class AlertRuleGroup
{
    public string Name { get; set; } = "";

    public string? Interval { get; set; }

    public IList<AlertRule> Rules { get; set; } = [];
}

/// <summary>One alerting rule, field names as in Prometheus and vmalert rule files.</summary>
public sealed class AlertRule
{
    public string Alert { get; set; } = "";

    public string Expr { get; set; } = "";

    public string? For { get; set; }

    public IDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

    public IDictionary<string, string> Annotations { get; set; } = new Dictionary<string, string>();
}
