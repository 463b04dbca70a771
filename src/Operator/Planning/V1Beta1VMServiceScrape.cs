using k8s;
using k8s.Models;

namespace SensorOperator.Planning;

/// <summary>
/// The part of the VictoriaMetrics operator's VMServiceScrape (operator.victoriametrics.com/v1beta1)
/// this project writes. Property names are the CRD's field names in camelCase.
/// </summary>
[KubernetesEntity(Group = Group, ApiVersion = Version, Kind = ResourceKind, PluralName = Plural)]
public sealed class V1Beta1VMServiceScrape : IKubernetesObject<V1ObjectMeta>, ISpec<VMServiceScrapeSpec>
{
    public const string Group = "operator.victoriametrics.com";
    public const string Version = "v1beta1";
    public const string ResourceKind = "VMServiceScrape";
    public const string Plural = "vmservicescrapes";

    public string ApiVersion { get; set; } = $"{Group}/{Version}";

    public string Kind { get; set; } = ResourceKind;

    public V1ObjectMeta Metadata { get; set; } = new();

    public VMServiceScrapeSpec Spec { get; set; } = new();
}

public sealed class VMServiceScrapeSpec
{
    public V1LabelSelector Selector { get; set; } = new();

    public VMNamespaceSelector? NamespaceSelector { get; set; }

    public IList<VMScrapeEndpoint> Endpoints { get; set; } = [];
}

public sealed class VMNamespaceSelector
{
    public IList<string> MatchNames { get; set; } = [];
}

public sealed class VMScrapeEndpoint
{
    /// <summary>Name of the Service port to scrape.</summary>
    public string Port { get; set; } = "";

    public string? Path { get; set; }

    public string? Interval { get; set; }
}
