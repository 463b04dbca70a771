using k8s.Autorest;
using SensorOperator.Kubernetes;

namespace SensorOperator.Reconciliation.Steps;

/// <summary>Deletes children the plan no longer wants (e.g. Grafana's objects once it is disabled).</summary>
public sealed class DeleteUnwantedStep(Deleter deleter, StackCaches caches) : IReconcileStep
{
    public async Task RunAsync(ReconcileContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Feasible is null || context.Stack?.Metadata?.Uid is not { } uid)
        {
            return;
        }

        var unwanted = caches.OwnedBy(uid)
            .Select(x => (x.Resource, Key: ObjectKey.Of(x.Child), x.Child))
            .Where(x => x.Child.Metadata.DeletionTimestamp is null && !context.Desired.Contains((x.Resource, x.Key)))
            .ToList();
        foreach (var (resource, key, _) in unwanted)
        {
            try
            {
                if (await deleter.DeleteAsync(resource, key, cancellationToken))
                {
                    context.Deleted++;
                }
            }
            catch (Exception ex) when (ex is HttpOperationException or HttpRequestException)
            {
                context.Errors.Add($"delete {resource} {key.Name}: {ApplyChildrenStep.Describe(ex)}");
            }
        }
    }
}
