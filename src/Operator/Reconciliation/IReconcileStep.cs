namespace SensorOperator.Reconciliation;

/// <summary>One phase of a reconcile. Steps run in order and share the <see cref="ReconcileContext"/>.</summary>
public interface IReconcileStep
{
    Task RunAsync(ReconcileContext context, CancellationToken cancellationToken);
}
