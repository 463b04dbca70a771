using k8s.Models;

namespace SensorOperator.Planning.Builders;

/// <summary>
/// The "restricted" Pod Security Standard: non-root, no privilege escalation, every capability
/// dropped, RuntimeDefault seccomp, and a read-only root filesystem (writable paths are emptyDirs).
/// </summary>
internal static class PodSecurity
{
    public static V1PodSecurityContext Pod(long uid) => new()
    {
        RunAsNonRoot = true,
        // Explicit ids: some upstream images (VictoriaMetrics) default to root, which runAsNonRoot refuses.
        RunAsUser = uid,
        RunAsGroup = uid,
        FsGroup = uid,
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    public static V1SecurityContext Container() => new()
    {
        AllowPrivilegeEscalation = false,
        ReadOnlyRootFilesystem = true,
        RunAsNonRoot = true,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    /// <summary>The writable /tmp every container gets, size-limited so it cannot fill the node.</summary>
    public static V1Volume TmpVolume() => new()
    {
        Name = "tmp",
        EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("64Mi") },
    };

    public static V1VolumeMount TmpMount() => new() { Name = "tmp", MountPath = "/tmp" };

    public const long NobodyUid = 65534;
}
