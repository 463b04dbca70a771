using k8s;
using k8s.Autorest;
using k8s.Models;
using SensorOperator.Kubernetes;

namespace SensorOperator.Reconciliation.Steps;

/// <summary>
/// Applies every desired child in the plan's order, writing only those whose desired content
/// changed. An infeasible plan changes nothing: the children stay as the last good plan left them.
/// The VMServiceScrape is written only where the cluster serves its CRD.
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
            await ApplyAsync(context, ChildResources.Of(child), child, cancellationToken);
        }

        bool served;
        try
        {
            served = await discovery.IsServedAsync(ChildResources.VMServiceScrape, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException)
        {
            context.Errors.Add($"discovery of {ChildResources.VMServiceScrape}: {ex.Message}");
            return;
        }

        if (served)
        {
            caches.EnsureServiceScrapesWatched();
            var scrape = plan.ServiceScrape;
            context.Desired.Add((ChildResources.VMServiceScrape, ObjectKey.Of(scrape)));
            await ApplyAsync(context, ChildResources.VMServiceScrape, scrape, cancellationToken);
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

    internal static string Describe(Exception ex) => ex is HttpOperationException { Response: { } response }
        ? $"{(int)response.StatusCode} {response.ReasonPhrase}"
        : ex.Message;
}
