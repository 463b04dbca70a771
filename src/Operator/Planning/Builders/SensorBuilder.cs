using System.Globalization;
using k8s.Models;

namespace SensorOperator.Planning.Builders;

/// <summary>The sensor service's Deployment and Service.</summary>
internal static class SensorBuilder
{
    public const int HttpPort = 8080;
    public const int MetricsPort = 9102;
    public const string MetricsPortName = "metrics";

    public static V1Deployment Deployment(ResolvedSpec spec, ComponentPlan plan)
    {
        var id = ComponentIdentity.Sensor;
        var container = new V1Container
        {
            Name = "sensor",
            Image = spec.SensorImage,
            Ports =
            [
                new V1ContainerPort { Name = "http", ContainerPort = HttpPort, Protocol = "TCP" },
                new V1ContainerPort { Name = MetricsPortName, ContainerPort = MetricsPort, Protocol = "TCP" },
            ],
            Env =
            [
                // The GC keeps the managed heap under this share of the container limit, so the process
                // lives inside its limit instead of being OOM-killed, and follows an in-place resize
                // (the sensor calls GC.RefreshMemoryLimit, which recomputes a percentage but keeps an
                // absolute GCHeapHardLimit). Hex digits without "0x", like every GC setting in the
                // environment: NativeAOT's reader (RhConfig) rejects a prefix and would ignore the limit.
                new V1EnvVar { Name = "DOTNET_GCHeapHardLimitPercent", Value = MemoryPolicy.SensorGcHeapPercent.ToString("X", CultureInfo.InvariantCulture) },
                // Workstation GC: one heap, far less memory than server GC's heap per core.
                new V1EnvVar { Name = "DOTNET_gcServer", Value = "0" },
            ],
            Resources = Resources.Memory(plan.LimitBytes, "50m"),
            ReadinessProbe = HttpProbe("/readyz", periodSeconds: 5, failureThreshold: 3),
            LivenessProbe = HttpProbe("/healthz", periodSeconds: 10, failureThreshold: 3),
            SecurityContext = PodSecurity.Container(),
            VolumeMounts = [PodSecurity.TmpMount()],
        };

        var pod = new V1PodSpec
        {
            // The sensor never talks to the API server.
            AutomountServiceAccountToken = false,
            SecurityContext = PodSecurity.Pod(PodSecurity.NobodyUid),
            Containers = [container],
            Volumes = [PodSecurity.TmpVolume()],
        };

        return ComponentDeployment.For(spec, plan, id, pod);
    }

    public static V1Service Service(ResolvedSpec spec, ComponentPlan plan) =>
        ClusterService.For(spec, plan, ComponentIdentity.Sensor, ("http", HttpPort), (MetricsPortName, MetricsPort));

    internal static V1Probe HttpProbe(string path, int periodSeconds, int failureThreshold, string port = "http") => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = port },
        PeriodSeconds = periodSeconds,
        TimeoutSeconds = 2,
        FailureThreshold = failureThreshold,
    };
}
