using k8s;
using k8s.Models;
using SensorOperator.Api;
using ControllerMachinery;
using SensorOperator.Planning;

namespace SensorOperator.Reconciliation;

/// <summary>
/// Turns informer events into work queue keys: a stack's spec change (generation) or creation; any
/// change of a child it controls (including a Deployment's status, which carries readiness); and
/// any change of one of its pods (restarts, OOM kills). A status-only update of the stack itself,
/// such as the one the reconciler writes, enqueues nothing.
/// </summary>
public static class StackEventHandlers
{
    /// <param name="stackDeleted">Called with the uid of each deleted stack, to forget what was kept about it.</param>
    public static void Register(StackCaches caches, WorkQueue<ObjectKey> queue, Action<string> stackDeleted)
    {
        ArgumentNullException.ThrowIfNull(caches);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(stackDeleted);

        caches.Stacks.Added += stack => queue.Add(ObjectKey.Of(stack));
        caches.Stacks.Updated += (old, now) =>
        {
            if (IsSpecChange(old, now))
            {
                queue.Add(ObjectKey.Of(now));
            }
        };
        caches.Stacks.Deleted += stack =>
        {
            if (stack.Metadata?.Uid is { } uid)
            {
                stackDeleted(uid);
            }
        };

        foreach (var informer in caches.ChildInformers)
        {
            Subscribe(informer, OwnerKey, queue);
        }

        Subscribe(caches.Pods, obj => obj is V1Pod pod ? PodStackKey(pod) : null, queue);
    }

    /// <summary>Generation moves only when the spec changes; deletion starting is worth a look too.</summary>
    public static bool IsSpecChange(V1Alpha1SensorStack old, V1Alpha1SensorStack now)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(now);
        return old.Metadata?.Generation != now.Metadata?.Generation
            || (old.Metadata?.DeletionTimestamp is null && now.Metadata?.DeletionTimestamp is not null);
    }

    /// <summary>The SensorStack named by the object's controller ownerReference, if any.</summary>
    public static ObjectKey? OwnerKey(IKubernetesObject<V1ObjectMeta> child)
    {
        ArgumentNullException.ThrowIfNull(child);
        var owner = child.Metadata?.OwnerReferences?.FirstOrDefault(r =>
            r.Controller == true && r.Kind == V1Alpha1SensorStack.ResourceKind && r.ApiVersion?.StartsWith(V1Alpha1SensorStack.Group + "/", StringComparison.Ordinal) == true);
        return owner is null ? null : new ObjectKey(child.Metadata!.NamespaceProperty ?? "", owner.Name);
    }

    /// <summary>Pods are owned by ReplicaSets; the stack is named by the instance label every child carries.</summary>
    public static ObjectKey? PodStackKey(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Metadata?.Labels is { } labels && labels.TryGetValue(StackLabels.Instance, out var stack)
            ? new ObjectKey(pod.Metadata.NamespaceProperty ?? "", stack)
            : null;
    }

    private static void Subscribe(IInformer informer, Func<IKubernetesObject<V1ObjectMeta>, ObjectKey?> keyOf, WorkQueue<ObjectKey> queue) =>
        informer.Changed += obj =>
        {
            if (keyOf(obj) is { } key)
            {
                queue.Add(key);
            }
        };
}
