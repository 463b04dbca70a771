using System.Text;
using k8s.Models;
using SensorOperator.Api;

namespace SensorOperator.Planning.Builders;

/// <summary>
/// The promscrape configuration VictoriaMetrics reads (-promscrape.config), written the way the
/// VictoriaMetrics operator turns a VMServiceScrape into scrape config: Kubernetes service discovery
/// of endpoints in the stack's namespace, relabeling that keeps only the sensor Service's metrics
/// port, and the spec's scrape interval. Every value in it is a DNS label or a formatted duration,
/// so it is written as text rather than through a serializer, which keeps it readable and stable.
/// </summary>
internal static class ScrapeConfigBuilder
{
    public const string Key = "scrape.yaml";

    /// <summary>Each job is named after the Service it scrapes.</summary>
    public static string SensorJobName(ResolvedSpec spec) => ChildNames.Sensor(spec.StackName);

    public static string GrafanaJobName(ResolvedSpec spec) => ChildNames.Grafana(spec.StackName);

    public static string VmAlertJobName(ResolvedSpec spec) => $"{spec.StackName}-vmalert";

    public static string Render(ResolvedSpec spec)
    {
        var interval = GoDuration.Format(spec.ScrapeInterval);
        var sensorService = ChildNames.Sensor(spec.StackName);
        var sb = new StringBuilder();
        sb.Append($"""
            # Written by sensor-operator for SensorStack {spec.Namespace}/{spec.StackName}; edits are overwritten.
            global:
              scrape_interval: {interval}
            scrape_configs:
              - job_name: {SensorJobName(spec)}
                scrape_interval: {interval}
                metrics_path: /metrics
                kubernetes_sd_configs:
                  - role: endpoints
                    namespaces:
                      names: [{spec.Namespace}]
                relabel_configs:
                  # Only the sensor Service of this stack, and only its metrics port.
                  - source_labels: [__meta_kubernetes_service_name]
                    regex: {sensorService}
                    action: keep
                  - source_labels: [__meta_kubernetes_endpoint_port_name]
                    regex: {SensorBuilder.MetricsPortName}
                    action: keep
                  - source_labels: [__meta_kubernetes_namespace]
                    target_label: namespace
                  - source_labels: [__meta_kubernetes_pod_name]
                    target_label: pod
                  - source_labels: [__meta_kubernetes_service_name]
                    target_label: service
                  - target_label: component
                    replacement: {ComponentNames.Sensor}

            """);

        if (spec.GrafanaEnabled)
        {
            // Grafana's own /metrics, for its memory on the dashboard.
            sb.Append(StaticJob(spec, GrafanaJobName(spec), ComponentIdentity.Grafana, GrafanaBuilder.HttpPort, ComponentNames.Grafana));
        }

        if (spec.Alerting.Enabled)
        {
            // vmalert's own /metrics, for its memory on the dashboard and whether its rules evaluate.
            sb.Append(StaticJob(spec, VmAlertJobName(spec), ComponentIdentity.VmAlert, VmAlertBuilder.HttpPort, ComponentNames.Alerting));
        }

        return sb.ToString();
    }

    /// <summary>
    /// A job for a single-replica component behind its Service: a static target is enough and needs
    /// no extra discovery permissions.
    /// </summary>
    private static string StaticJob(ResolvedSpec spec, string job, ComponentIdentity component, int port, string componentName) => $"""
          - job_name: {job}
            scrape_interval: {GoDuration.Format(spec.ScrapeInterval)}
            metrics_path: /metrics
            static_configs:
              - targets: [{component.NameIn(spec)}.{spec.Namespace}.svc:{port}]
                labels:
                  namespace: {spec.Namespace}
                  component: {componentName}

        """;

    public static V1ConfigMap ConfigMap(ResolvedSpec spec, string name) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = ChildMeta.For(spec, name, ComponentIdentity.VictoriaMetrics),
        Data = new Dictionary<string, string> { [Key] = Render(spec) },
    };
}
