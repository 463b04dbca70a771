using System.Globalization;
using k8s.Models;
using SensorOperator.Api;

namespace SensorOperator.Planning.Builders;

/// <summary>Single-node VictoriaMetrics: Deployment, Service, and the RBAC its discovery needs.</summary>
internal static class VictoriaMetricsBuilder
{
    public const int HttpPort = 8428;
    public const string ScrapeConfigDirectory = "/etc/victoria-metrics/scrape";
    public const string StoragePath = "/storage";

    public static V1Deployment Deployment(ResolvedSpec spec, ComponentPlan plan, string scrapeConfigMapName)
    {
        var id = ComponentIdentity.VictoriaMetrics;
        var limit = plan.LimitBytes;
        string[] args =
        [
            $"-httpListenAddr=:{HttpPort.ToString(CultureInfo.InvariantCulture)}",
            $"-storageDataPath={StoragePath}",
            $"-retentionPeriod={spec.Retention}",
            // VM sizes its caches from the memory it sees; see MemoryPolicy for the numbers.
            $"-memory.allowedPercent={MemoryPolicy.VictoriaMetricsAllowedPercent(limit).ToString(CultureInfo.InvariantCulture)}",
            $"-search.maxConcurrentRequests={MemoryPolicy.VictoriaMetricsMaxConcurrentRequests(limit).ToString(CultureInfo.InvariantCulture)}",
            $"-promscrape.config={ScrapeConfigDirectory}/{ScrapeConfigBuilder.Key}",
            // ConfigMap updates reach the mounted file within a minute; VM re-reads it on this tick.
            "-promscrape.configCheckInterval=30s",
            // VM's own memory on the dashboard (job="victoria-metrics"), without an extra scrape job.
            $"-selfScrapeInterval={GoDuration.Format(spec.ScrapeInterval)}",
        ];

        var container = new V1Container
        {
            Name = "victoria-metrics",
            Image = spec.VictoriaMetricsImage,
            Args = args,
            Ports = [new V1ContainerPort { Name = "http", ContainerPort = HttpPort, Protocol = "TCP" }],
            Resources = Resources.Memory(limit, "100m"),
            ReadinessProbe = SensorBuilder.HttpProbe("/health", periodSeconds: 5, failureThreshold: 3),
            LivenessProbe = SensorBuilder.HttpProbe("/health", periodSeconds: 10, failureThreshold: 6),
            SecurityContext = PodSecurity.Container(),
            VolumeMounts =
            [
                PodSecurity.TmpMount(),
                new V1VolumeMount { Name = "storage", MountPath = StoragePath },
                new V1VolumeMount { Name = "scrape-config", MountPath = ScrapeConfigDirectory, ReadOnlyProperty = true },
            ],
        };

        var pod = new V1PodSpec
        {
            ServiceAccountName = plan.DeploymentName,
            // Kubernetes service discovery needs the token; the Role limits it to reads in this namespace.
            AutomountServiceAccountToken = true,
            SecurityContext = PodSecurity.Pod(PodSecurity.NobodyUid),
            Containers = [container],
            Volumes =
            [
                PodSecurity.TmpVolume(),
                // Samples live as long as the pod: the stack is sized for short retention
                // (1d default); durable storage would be a PersistentVolumeClaim.
                new V1Volume { Name = "storage", EmptyDir = new V1EmptyDirVolumeSource() },
                new V1Volume { Name = "scrape-config", ConfigMap = new V1ConfigMapVolumeSource { Name = scrapeConfigMapName } },
            ],
        };

        // Two VM pods must never share one data directory; Recreate stops the old one first.
        return ComponentDeployment.For(spec, plan, id, pod, ComponentDeployment.Recreate());
    }

    public static V1Service Service(ResolvedSpec spec, ComponentPlan plan) =>
        ClusterService.For(spec, plan, ComponentIdentity.VictoriaMetrics, ("http", HttpPort));

    public static V1ServiceAccount ServiceAccount(ResolvedSpec spec, string name) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = ChildMeta.For(spec, name, ComponentIdentity.VictoriaMetrics),
    };

    /// <summary>
    /// Exactly what kubernetes_sd_configs role "endpoints" watches, in this namespace only: endpoints,
    /// the services they belong to, and the pods behind them. Read-only.
    /// </summary>
    public static V1Role Role(ResolvedSpec spec, string name) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "Role",
        Metadata = ChildMeta.For(spec, name, ComponentIdentity.VictoriaMetrics),
        Rules =
        [
            new V1PolicyRule
            {
                ApiGroups = [""],
                Resources = ["endpoints", "services", "pods"],
                Verbs = ["get", "list", "watch"],
            },
        ],
    };

    public static V1RoleBinding RoleBinding(ResolvedSpec spec, string name) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "RoleBinding",
        Metadata = ChildMeta.For(spec, name, ComponentIdentity.VictoriaMetrics),
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = name },
        Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = name, NamespaceProperty = spec.Namespace }],
    };
}
