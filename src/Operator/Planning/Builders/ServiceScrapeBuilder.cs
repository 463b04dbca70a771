using k8s.Models;
using SensorOperator.Api;

namespace SensorOperator.Planning.Builders;

/// <summary>
/// A VMServiceScrape equivalent to the sensor job of the scrape ConfigMap, for clusters where the
/// VictoriaMetrics operator runs (its own vmagent/VMSingle then scrapes the sensor too).
/// </summary>
internal static class ServiceScrapeBuilder
{
    public static V1Beta1VMServiceScrape Build(ResolvedSpec spec, string name) => new()
    {
        Metadata = ChildMeta.For(spec, name, ComponentIdentity.Sensor),
        Spec = new VMServiceScrapeSpec
        {
            Selector = new V1LabelSelector { MatchLabels = ComponentIdentity.Sensor.SelectorIn(spec) },
            NamespaceSelector = new VMNamespaceSelector { MatchNames = [spec.Namespace] },
            Endpoints =
            [
                new VMScrapeEndpoint
                {
                    Port = SensorBuilder.MetricsPortName,
                    Path = "/metrics",
                    Interval = GoDuration.Format(spec.ScrapeInterval),
                },
            ],
        },
    };
}
