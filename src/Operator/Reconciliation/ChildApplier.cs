using ControllerMachinery;
using k8s;
using k8s.Models;
using SensorOperator.Api;
using SensorOperator.Planning;

namespace SensorOperator.Reconciliation;

/// <summary>What applying a plan's children did.</summary>
/// <param name="Desired">Every child the plan wants that the cluster can hold (optional kinds only where served).</param>
/// <param name="StackGone">The stack was deleted while applying; nothing more may be written for it.</param>
public sealed record ApplyResult(
    IReadOnlySet<(ResourceType Resource, ObjectKey Key)> Desired, int Written, int Unchanged, IReadOnlyList<string> Errors, bool StackGone);

/// <summary>What pruning children the plan no longer wants did.</summary>
public sealed record PruneResult(int Deleted, IReadOnlyList<string> Errors);

/// <summary>
/// Applies a plan's children in order, writing only those whose desired content changed (or every
/// one, with force, when a resync is due), and deletes children the plan no longer wants. API
/// errors of one child are collected and the others still go ahead; anything else is thrown.
/// </summary>
public sealed class ChildApplier(Applier applier, Deleter deleter, StackCaches caches, ApiDiscovery discovery)
{
    public async Task<ApplyResult> ApplyAsync(V1Alpha1SensorStack stack, StackPlan plan, bool resync, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(plan);
        var key = ObjectKey.Of(stack);
        var desired = new HashSet<(ResourceType, ObjectKey)>();
        var errors = new List<string>();
        var (written, unchanged) = (0, 0);
        foreach (var (resource, child) in await ServedChildrenAsync(plan, errors, cancellationToken))
        {
            // The stack was deleted (or replaced by a new one of the same name) while this reconcile
            // was applying: stop. Each apply takes a round trip, long enough for the stack's delete
            // event to arrive; applying on would re-create children the garbage collector has just
            // removed, owned by a stack that no longer exists.
            if (!caches.IsCurrent(key, stack.Metadata?.Uid))
            {
                return new ApplyResult(desired, written, unchanged, errors, StackGone: true);
            }

            var prepared = applier.Prepare(resource, child);
            desired.Add((resource, prepared.Key));
            try
            {
                if (await applier.ApplyAsync(prepared, caches.Get(resource, prepared.Key), resync, cancellationToken) == ApplyOutcome.Unchanged)
                {
                    unchanged++;
                }
                else
                {
                    written++;
                }
            }
            catch (Exception ex) when (ex is KubeApiException or HttpRequestException)
            {
                errors.Add($"apply {resource} {prepared.Key.Name}: {Describe(ex)}");
            }
        }

        return new ApplyResult(desired, written, unchanged, errors, StackGone: false);
    }

    /// <summary>Deletes the stack's cached children that are not in <paramref name="desired"/> (e.g. Grafana's, once disabled).</summary>
    public async Task<PruneResult> PruneAsync(V1Alpha1SensorStack stack, IReadOnlySet<(ResourceType Resource, ObjectKey Key)> desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(desired);
        if (stack.Metadata?.Uid is not { } uid)
        {
            return new PruneResult(0, []);
        }

        var unwanted = caches.OwnedBy(uid)
            .Select(x => (x.Resource, Key: ObjectKey.Of(x.Child), x.Child))
            .Where(x => x.Child.Metadata.DeletionTimestamp is null && !desired.Contains((x.Resource, x.Key)))
            .ToList();
        var (deleted, errors) = (0, new List<string>());
        foreach (var (resource, key, _) in unwanted)
        {
            try
            {
                deleted += await deleter.DeleteAsync(resource, key, cancellationToken) ? 1 : 0;
            }
            catch (Exception ex) when (ex is KubeApiException or HttpRequestException)
            {
                errors.Add($"delete {resource} {key.Name}: {Describe(ex)}");
            }
        }

        return new PruneResult(deleted, errors);
    }

    /// <summary>A failed API call as status and logs show it: the HTTP status when there was an answer.</summary>
    public static string Describe(Exception ex) => ex switch
    {
        KubeApiException api => $"{(int)api.StatusCode} {api.ReasonPhrase}",
        _ => ex.Message,
    };

    /// <summary>The core children, then each optional one whose kind the cluster serves and the operator watches.</summary>
    private async Task<IReadOnlyList<(ResourceType, IKubernetesObject<V1ObjectMeta>)>> ServedChildrenAsync(
        StackPlan plan, List<string> errors, CancellationToken cancellationToken)
    {
        var children = plan.Children.Select(c => (ChildKinds.Of(c), c)).ToList();
        foreach (var child in plan.OptionalChildren)
        {
            var resource = ChildKinds.Of(child);
            try
            {
                if (await discovery.IsServedAsync(resource, cancellationToken) && caches.IsWatched(resource))
                {
                    children.Add((resource, child));
                }
            }
            catch (Exception ex) when (ex is KubeApiException or HttpRequestException)
            {
                errors.Add($"discovery of {resource}: {ex.Message}");
            }
        }

        return children;
    }
}
