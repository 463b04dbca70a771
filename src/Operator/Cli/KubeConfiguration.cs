using k8s;

namespace SensorOperator.Cli;

/// <summary>How every command finds its cluster, as kubectl does.</summary>
internal static class KubeConfiguration
{
    /// <summary>--kubeconfig/--context when given; else in-cluster; else the default kubeconfig ($KUBECONFIG or ~/.kube/config).</summary>
    public static KubernetesClientConfiguration Load(string? kubeconfig, string? context)
    {
        if (!string.IsNullOrEmpty(kubeconfig) || !string.IsNullOrEmpty(context))
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(string.IsNullOrEmpty(kubeconfig) ? null : kubeconfig, context);
        }

        return KubernetesClientConfiguration.IsInCluster()
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile();
    }
}
