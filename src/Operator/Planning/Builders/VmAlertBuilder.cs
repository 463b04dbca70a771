using System.Globalization;
using k8s;
using k8s.Models;
using SensorOperator.Api;

namespace SensorOperator.Planning.Builders;

/// <summary>
/// vmalert: evaluates the stack's rules against its VictoriaMetrics, writes alert state back to it
/// (the ALERTS series, restored after a restart) and notifies the Alertmanager the spec names.
/// </summary>
internal static class VmAlertBuilder
{
    public const int HttpPort = 8880;
    public const string RulesKey = "rules.yaml";
    public const string RulesDirectory = "/etc/vmalert/rules";

    public static string RulesName(ResolvedSpec spec) => ChildNames.Rules(spec.StackName);

    public static V1Deployment Deployment(ResolvedSpec spec, ComponentPlan plan)
    {
        var vm = $"http://{ChildNames.VictoriaMetrics(spec.StackName)}.{spec.Namespace}.svc:{VictoriaMetricsBuilder.HttpPort.ToString(CultureInfo.InvariantCulture)}";
        var args = new List<string>
        {
            $"-httpListenAddr=:{HttpPort.ToString(CultureInfo.InvariantCulture)}",
            $"-rule={RulesDirectory}/{RulesKey}",
            // ConfigMap updates reach the mounted file within a minute; vmalert re-reads it on this tick.
            "-configCheckInterval=30s",
            $"-datasource.url={vm}",
            // Alert state goes back to VictoriaMetrics: ALERTS/ALERTS_FOR_STATE are queryable (the
            // dashboard's alerts panel), and a restarted vmalert resumes pending alerts from them.
            $"-remoteWrite.url={vm}",
            $"-remoteRead.url={vm}",
            $"-evaluationInterval={GoDuration.Format(spec.ScrapeInterval)}",
            $"-external.url=http://{ChildNames.VmAlert(spec.StackName)}.{spec.Namespace}.svc:{HttpPort.ToString(CultureInfo.InvariantCulture)}",
            // Without an Alertmanager, vmalert refuses to start unless told to drop notifications.
            spec.Alerting.NotifierUrl is { } notifier ? $"-notifier.url={notifier}" : "-notifier.blackhole",
        };

        var container = new V1Container
        {
            Name = "vmalert",
            Image = spec.Alerting.Image,
            Args = args,
            Env =
            [
                // The Go GC works harder as the heap nears this, instead of the kernel killing the pod.
                new V1EnvVar { Name = "GOMEMLIMIT", Value = $"{MemoryPolicy.VmAlertGoMemLimit(plan.LimitBytes) / Quantities.Mebibyte}MiB" },
            ],
            Ports = [new V1ContainerPort { Name = "http", ContainerPort = HttpPort, Protocol = "TCP" }],
            Resources = Resources.Memory(plan.LimitBytes, "20m"),
            ReadinessProbe = SensorBuilder.HttpProbe("/health", periodSeconds: 10, failureThreshold: 3),
            LivenessProbe = SensorBuilder.HttpProbe("/health", periodSeconds: 20, failureThreshold: 6),
            SecurityContext = PodSecurity.Container(),
            VolumeMounts =
            [
                PodSecurity.TmpMount(),
                new V1VolumeMount { Name = "rules", MountPath = RulesDirectory, ReadOnlyProperty = true },
            ],
        };

        var pod = new V1PodSpec
        {
            // vmalert talks to VictoriaMetrics and the Alertmanager, never to the API server.
            AutomountServiceAccountToken = false,
            SecurityContext = PodSecurity.Pod(PodSecurity.NobodyUid),
            Containers = [container],
            Volumes =
            [
                PodSecurity.TmpVolume(),
                new V1Volume { Name = "rules", ConfigMap = new V1ConfigMapVolumeSource { Name = RulesName(spec) } },
            ],
        };

        return ComponentDeployment.For(spec, plan, ComponentIdentity.VmAlert, pod);
    }

    public static V1Service Service(ResolvedSpec spec, ComponentPlan plan) =>
        ClusterService.For(spec, plan, ComponentIdentity.VmAlert, ("http", HttpPort));

    /// <summary>The rules in vmalert's rule-file format, with a header saying who writes it.</summary>
    public static V1ConfigMap Rules(ResolvedSpec spec) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = ChildMeta.For(spec, RulesName(spec), ComponentIdentity.VmAlert),
        Data = new Dictionary<string, string>
        {
            [RulesKey] = $"# Written by sensor-operator for SensorStack {spec.Namespace}/{spec.StackName}; edits are overwritten.\n"
                + OperatorYaml.Serialize(new AlertRuleFile { Groups = [AlertRules.Group(spec)] }),
        },
    };

    /// <summary>The same rules for a VictoriaMetrics operator the cluster already runs.</summary>
    public static V1Beta1VMRule VMRule(ResolvedSpec spec) => new()
    {
        Metadata = ChildMeta.For(spec, RulesName(spec), ComponentIdentity.VmAlert),
        Spec = new VMRuleSpec { Groups = [AlertRules.Group(spec)] },
    };
}
