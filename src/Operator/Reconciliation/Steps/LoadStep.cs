namespace SensorOperator.Reconciliation.Steps;

/// <summary>Reads the stack from the informer cache; a deleted or deleting stack needs nothing (children are garbage-collected).</summary>
public sealed class LoadStep(StackCaches caches) : IReconcileStep
{
    public Task RunAsync(ReconcileContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Stack = caches.Stacks.Cache.Get(context.Key);
        context.Stop = context.Stack is null || context.Stack.Metadata?.DeletionTimestamp is not null;
        return Task.CompletedTask;
    }
}
