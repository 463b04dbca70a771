using k8s;
using k8s.Autorest;
using k8s.Models;
using SensorOperator.Kubernetes;

namespace SensorOperator.Reconciliation.Steps;

/// <summary>
/// Applies every desired child in the plan's order, writing only those whose desired content
/// changed. An infeasible plan changes nothing: the children stay as the last good plan left them.
/// The VMServiceScrape and the VMRule are written only where the cluster serves their CRDs.
/// </summary>
public sealed class ApplyChildrenStep(Applier applier, StackCaches caches, ApiDiscovery discovery) : IReconcileStep
{
    public async Task RunAsync(ReconcileContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Feasible is not { } plan)
        {
            return;
        }

        foreach (var child in plan.Children)
        {
            if (StackGone(context))
            {
                return;
            }

            await ApplyAsync(context, ChildResources.Of(child), child, cancellationToken);
        }

        if (await ServedAsync(context, ChildResources.VMServiceScrape, cancellationToken) && !StackGone(context))
        {
            caches.EnsureServiceScrapesWatched();
            var scrape = plan.ServiceScrape;
            context.Desired.Add((ChildResources.VMServiceScrape, ObjectKey.Of(scrape)));
            await ApplyAsync(context, ChildResources.VMServiceScrape, scrape, cancellationToken);
        }

        // Watched wherever served, also for stacks without alerting: a VMRule left from when alerting
        // was on must be seen to be deleted.
        if (await ServedAsync(context, ChildResources.VMRule, cancellationToken) && !StackGone(context))
        {
            caches.EnsureRulesWatched();
            if (plan.Rule is { } rule)
            {
                context.Desired.Add((ChildResources.VMRule, ObjectKey.Of(rule)));
                await ApplyAsync(context, ChildResources.VMRule, rule, cancellationToken);
            }
        }
    }

    private async Task<bool> ServedAsync(ReconcileContext context, ResourceType resource, CancellationToken cancellationToken)
    {
        try
        {
            return await discovery.IsServedAsync(resource, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException)
        {
            context.Errors.Add($"discovery of {resource}: {ex.Message}");
            return false;
        }
    }

    private async Task ApplyAsync(ReconcileContext context, ResourceType resource, IKubernetesObject<V1ObjectMeta> child, CancellationToken cancellationToken)
    {
        var desired = applier.Prepare(resource, child);
        try
        {
            var outcome = await applier.ApplyAsync(desired, caches.Get(resource, desired.Key), cancellationToken);
            if (outcome == ApplyOutcome.Unchanged)
            {
                context.Unchanged++;
            }
            else
            {
                context.Applied++;
            }
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException)
        {
            context.Errors.Add($"apply {resource} {desired.Key.Name}: {Describe(ex)}");
        }
    }

    /// <summary>
    /// The stack was deleted (or replaced by a new one of the same name) while this reconcile was
    /// applying: stop, writing nothing more. Each apply takes a round trip, long enough for the
    /// stack's delete event to arrive; applying on would re-create children the API server's
    /// garbage collector has just removed, owned by a stack that no longer exists. (A child applied
    /// before the event reaches the cache still names the gone owner's uid, and the collector
    /// removes it again: it deletes dependents whose owners are absent.)
    /// </summary>
    private bool StackGone(ReconcileContext context)
    {
        if (caches.IsCurrent(context.Key, context.Stack?.Metadata?.Uid))
        {
            return false;
        }

        context.Stop = true;
        return true;
    }

    internal static string Describe(Exception ex) => ex is HttpOperationException { Response: { } response }
        ? $"{(int)response.StatusCode} {response.ReasonPhrase}"
        : ex.Message;
}
