using k8s.Models;
using SensorOperator.Api;

namespace SensorOperator.Planning.Builders;

/// <summary>Grafana with a provisioned VictoriaMetrics datasource and the stack's dashboard.</summary>
internal static class GrafanaBuilder
{
    public const int HttpPort = 3000;
    public const long GrafanaUid = 472; // the uid the official image's files belong to
    public const string DatasourcesKey = "datasources.yaml";
    public const string DashboardProviderKey = "dashboards.yaml";
    public const string DashboardKey = "sensor-stack.json";
    private const string DashboardDirectory = "/etc/grafana/provisioning/dashboards";

    public static V1Deployment Deployment(ResolvedSpec spec, ComponentPlan plan, string datasourcesName, string dashboardsName)
    {
        var id = ComponentIdentity.Grafana;
        var container = new V1Container
        {
            Name = "grafana",
            Image = spec.GrafanaImage,
            Env =
            [
                // The Go GC works harder as the heap nears this, instead of the kernel killing the pod.
                new V1EnvVar { Name = "GOMEMLIMIT", Value = $"{MemoryPolicy.GrafanaGoMemLimit(plan.LimitBytes) / Quantities.Mebibyte}MiB" },
                // No phoning home: usage analytics, update and plugin-update checks and the news feed off.
                new V1EnvVar { Name = "GF_ANALYTICS_REPORTING_ENABLED", Value = "false" },
                new V1EnvVar { Name = "GF_ANALYTICS_CHECK_FOR_UPDATES", Value = "false" },
                new V1EnvVar { Name = "GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES", Value = "false" },
                new V1EnvVar { Name = "GF_NEWS_NEWS_FEED_ENABLED", Value = "false" },
                // Preinstalled plugins are downloaded at start: memory, time and network the budget has no room for.
                new V1EnvVar { Name = "GF_PLUGINS_PREINSTALL_DISABLED", Value = "true" },
                // The root filesystem is read-only: everything Grafana writes goes to the data emptyDir.
                new V1EnvVar { Name = "GF_PATHS_DATA", Value = "/var/lib/grafana" },
                new V1EnvVar { Name = "GF_PATHS_LOGS", Value = "/var/lib/grafana/log" },
                new V1EnvVar { Name = "GF_PATHS_PLUGINS", Value = "/var/lib/grafana/plugins" },
                new V1EnvVar { Name = "GF_LOG_MODE", Value = "console" },
            ],
            Ports = [new V1ContainerPort { Name = "http", ContainerPort = HttpPort, Protocol = "TCP" }],
            Resources = Resources.Memory(plan.LimitBytes, "50m"),
            ReadinessProbe = SensorBuilder.HttpProbe("/api/health", periodSeconds: 10, failureThreshold: 3),
            LivenessProbe = SensorBuilder.HttpProbe("/api/health", periodSeconds: 20, failureThreshold: 6),
            SecurityContext = PodSecurity.Container(),
            VolumeMounts =
            [
                PodSecurity.TmpMount(),
                new V1VolumeMount { Name = "data", MountPath = "/var/lib/grafana" },
                new V1VolumeMount { Name = "datasources", MountPath = "/etc/grafana/provisioning/datasources", ReadOnlyProperty = true },
                new V1VolumeMount { Name = "dashboards", MountPath = DashboardDirectory, ReadOnlyProperty = true },
            ],
        };

        var pod = new V1PodSpec
        {
            AutomountServiceAccountToken = false,
            SecurityContext = PodSecurity.Pod(GrafanaUid),
            Containers = [container],
            Volumes =
            [
                PodSecurity.TmpVolume(),
                new V1Volume { Name = "data", EmptyDir = new V1EmptyDirVolumeSource() },
                new V1Volume { Name = "datasources", ConfigMap = new V1ConfigMapVolumeSource { Name = datasourcesName } },
                new V1Volume { Name = "dashboards", ConfigMap = new V1ConfigMapVolumeSource { Name = dashboardsName } },
            ],
        };

        // SQLite in an emptyDir: one writer at a time.
        return ComponentDeployment.For(spec, plan, id, pod, ComponentDeployment.Recreate());
    }

    public static V1Service Service(ResolvedSpec spec, ComponentPlan plan) =>
        ClusterService.For(spec, plan, ComponentIdentity.Grafana, ("http", HttpPort));

    public static V1ConfigMap Datasources(ResolvedSpec spec, string name) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = ChildMeta.For(spec, name, ComponentIdentity.Grafana),
        Data = new Dictionary<string, string>
        {
            [DatasourcesKey] = $"""
                apiVersion: 1
                datasources:
                  - name: VictoriaMetrics
                    uid: {GrafanaDashboard.DatasourceUid}
                    type: prometheus
                    access: proxy
                    url: http://{ChildNames.VictoriaMetrics(spec.StackName)}.{spec.Namespace}.svc:{VictoriaMetricsBuilder.HttpPort}
                    isDefault: true
                    editable: false

                """,
        },
    };

    public static V1ConfigMap Dashboards(ResolvedSpec spec, StackPlanNumbers numbers, string name) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = ChildMeta.For(spec, name, ComponentIdentity.Grafana),
        Data = new Dictionary<string, string>
        {
            [DashboardProviderKey] = $"""
                apiVersion: 1
                providers:
                  - name: sensor-stack
                    type: file
                    disableDeletion: true
                    allowUiUpdates: false
                    options:
                      path: {DashboardDirectory}

                """,
            [DashboardKey] = GrafanaDashboard.Render(spec, numbers),
        },
    };
}
