using k8s.Models;

namespace SensorStack.ChartTests.Support;

/// <summary>
/// The checks of the Kubernetes "restricted" Pod Security Standard (policy version 1.30), as the
/// PodSecurity admission controller applies them, plus this project's own rules (read-only root
/// filesystem, memory request equal to the limit). Returns every violation, so one failure shows
/// all that is wrong.
/// </summary>
public static class RestrictedProfile
{
    // Volume types the restricted profile allows.
    private static readonly Func<V1Volume, bool>[] AllowedVolumeTypes =
    [
        v => v.ConfigMap is not null, v => v.Csi is not null, v => v.DownwardAPI is not null,
        v => v.EmptyDir is not null, v => v.Ephemeral is not null, v => v.PersistentVolumeClaim is not null,
        v => v.Projected is not null, v => v.Secret is not null,
    ];

    public static IReadOnlyList<string> Violations(V1PodSpec pod)
    {
        var problems = new List<string>();
        var podContext = pod.SecurityContext;

        if (pod.HostNetwork == true || pod.HostPID == true || pod.HostIPC == true)
        {
            problems.Add("host namespaces (hostNetwork/hostPID/hostIPC) are not allowed");
        }

        foreach (var volume in pod.Volumes ?? [])
        {
            if (!AllowedVolumeTypes.Any(allowed => allowed(volume)))
            {
                problems.Add($"volume {volume.Name}: type not allowed (hostPath and other node volumes)");
            }
        }

        if (podContext?.RunAsUser == 0)
        {
            problems.Add("pod runAsUser is 0 (root)");
        }

        if (podContext?.SeccompProfile is { } podSeccomp && !IsAllowedSeccomp(podSeccomp))
        {
            problems.Add($"pod seccompProfile {podSeccomp.Type} is not RuntimeDefault or Localhost");
        }

        var containers = (pod.InitContainers ?? []).Concat(pod.Containers ?? []);
        foreach (var c in containers)
        {
            var sc = c.SecurityContext;
            var who = $"container {c.Name}";
            if (sc?.Privileged == true)
            {
                problems.Add($"{who}: privileged");
            }

            if (sc?.AllowPrivilegeEscalation != false)
            {
                problems.Add($"{who}: allowPrivilegeEscalation must be false");
            }

            if ((sc?.RunAsNonRoot ?? podContext?.RunAsNonRoot) != true)
            {
                problems.Add($"{who}: runAsNonRoot must be true (container or pod)");
            }

            if (sc?.RunAsUser == 0)
            {
                problems.Add($"{who}: runAsUser is 0 (root)");
            }

            var seccomp = sc?.SeccompProfile ?? podContext?.SeccompProfile;
            if (seccomp is null || !IsAllowedSeccomp(seccomp))
            {
                problems.Add($"{who}: seccompProfile must be RuntimeDefault or Localhost (container or pod)");
            }

            var drop = sc?.Capabilities?.Drop ?? [];
            if (!drop.Contains("ALL"))
            {
                problems.Add($"{who}: capabilities must drop ALL");
            }

            var add = sc?.Capabilities?.Add ?? [];
            if (add.Any(capability => capability != "NET_BIND_SERVICE"))
            {
                problems.Add($"{who}: may add only NET_BIND_SERVICE, adds {string.Join(",", add)}");
            }

            if ((c.Ports ?? []).Any(p => p.HostPort is > 0))
            {
                problems.Add($"{who}: hostPort is not allowed");
            }

            // Project rules on top of the profile.
            if (sc?.ReadOnlyRootFilesystem != true)
            {
                problems.Add($"{who}: readOnlyRootFilesystem must be true");
            }

            var requests = c.Resources?.Requests;
            var limits = c.Resources?.Limits;
            if (limits is null || !limits.TryGetValue("memory", out var limit))
            {
                problems.Add($"{who}: no memory limit");
            }
            else if (requests is null || !requests.TryGetValue("memory", out var request) || request.ToInt64() != limit.ToInt64())
            {
                problems.Add($"{who}: memory request must equal the memory limit ({limit})");
            }
        }

        return problems;
    }

    private static bool IsAllowedSeccomp(V1SeccompProfile profile) => profile.Type is "RuntimeDefault" or "Localhost";
}
