using Microsoft.Extensions.Logging;
using SensorOperator.Kubernetes;

namespace SensorOperator.Reconciliation;

/// <summary>
/// Reconciles one SensorStack: load, plan, apply children, delete unwanted children, observe,
/// write status, emit events; then come back after the observe interval. Errors are collected by
/// the steps rather than thrown, so the status always says what is known; a reconcile with errors
/// reports failure and its key backs off.
/// </summary>
public sealed partial class SensorStackReconciler(IReadOnlyList<IReconcileStep> steps, TimeSpan observeInterval, TimeProvider time, ILogger<SensorStackReconciler> logger)
    : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        // Kubernetes stores condition times with whole-second precision; so do we, or a status
        // read back would never equal the one computed and every reconcile would write it again.
        var now = time.GetUtcNow().UtcDateTime;
        var context = new ReconcileContext(key, now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)));
        foreach (var step in steps)
        {
            await step.RunAsync(context, cancellationToken);
            if (context.Stop)
            {
                return ReconcileResult.Done();
            }
        }

        LogReconciled(key, context.Applied, context.Unchanged, context.Deleted, context.Errors.Count);
        if (context.Errors.Count > 0)
        {
            return ReconcileResult.Failure(string.Join("; ", context.Errors));
        }

        // An infeasible spec observes nothing and waits for the next spec change: no periodic work.
        return context.Feasible is null ? ReconcileResult.Done() : ReconcileResult.After(observeInterval);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconciled {Key}: {Applied} applied, {Unchanged} unchanged, {Deleted} deleted, {Errors} errors")]
    private partial void LogReconciled(ObjectKey key, int applied, int unchanged, int deleted, int errors);
}
