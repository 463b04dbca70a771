using k8s.Models;
using ControllerMachinery;
using SensorOperator.Planning;

namespace SensorOperator.Reconciliation;

/// <summary>
/// What the stack controller keeps of each cached kind: with 1,000 stacks the caches hold about ten
/// thousand children and pods, and the reconciler reads only their metadata (the desired-content
/// hash annotation, ownerReferences, labels, deletionTimestamp), a Deployment's status (ready
/// replicas) and a pod's container statuses (restarts, OOM kills), and for the autopilot the
/// containers' resources of pods and Deployment templates and pods' resize conditions. The desired content itself comes
/// from the planner, never from the cache, so specs, data and rules are dropped before caching.
/// </summary>
public static class ChildCacheTransforms
{
    public static V1Deployment Deployment(V1Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        // Only the template's containers' resources are read (the autopilot's template limits).
        deployment.Spec = deployment.Spec?.Template?.Spec?.Containers is { } containers
            ? new V1DeploymentSpec { Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [.. containers.Select(Resources)] } } }
            : null;
        return CacheTransforms.StripUnreadMetadata(deployment);
    }

    public static V1Service Service(V1Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        service.Spec = null;
        service.Status = null;
        return CacheTransforms.StripUnreadMetadata(service);
    }

    public static V1ConfigMap ConfigMap(V1ConfigMap configMap)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        configMap.Data = null;
        configMap.BinaryData = null;
        return CacheTransforms.StripUnreadMetadata(configMap);
    }

    public static V1ServiceAccount ServiceAccount(V1ServiceAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        account.Secrets = null;
        account.ImagePullSecrets = null;
        return CacheTransforms.StripUnreadMetadata(account);
    }

    public static V1Role Role(V1Role role)
    {
        ArgumentNullException.ThrowIfNull(role);
        role.Rules = null;
        return CacheTransforms.StripUnreadMetadata(role);
    }

    public static V1RoleBinding RoleBinding(V1RoleBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        binding.Subjects = null;
        binding.RoleRef = null;
        return CacheTransforms.StripUnreadMetadata(binding);
    }

    public static V1Beta1VMServiceScrape ServiceScrape(V1Beta1VMServiceScrape scrape)
    {
        ArgumentNullException.ThrowIfNull(scrape);
        scrape.Spec = new();
        return CacheTransforms.StripUnreadMetadata(scrape);
    }

    public static V1Beta1VMRule Rule(V1Beta1VMRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        rule.Spec = new();
        return CacheTransforms.StripUnreadMetadata(rule);
    }

    /// <summary>A pod keeps its phase and container statuses (restart counts, last termination reasons).</summary>
    public static V1Pod Pod(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        // The containers' resources and the resize conditions stay: the autopilot reads what a pod
        // asked for, what it runs with and where its resize stands.
        pod.Spec = pod.Spec?.Containers is { } containers ? new V1PodSpec { Containers = [.. containers.Select(Resources)] } : null;
        if (pod.Status is { } status)
        {
            pod.Status = new V1PodStatus
            {
                Phase = status.Phase,
                ContainerStatuses = status.ContainerStatuses,
                Conditions = status.Conditions?.Where(c => c.Type is Observation.PodResourceReader.ResizePendingCondition or Observation.PodResourceReader.ResizeInProgressCondition).ToList() is { Count: > 0 } resize ? resize : null,
            };
        }

        return CacheTransforms.StripUnreadMetadata(pod);
    }

    private static V1Container Resources(V1Container container) => new() { Name = container.Name, Resources = container.Resources };
}
