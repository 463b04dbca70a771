using k8s.Autorest;

namespace SensorOperator.Reconciliation.Steps;

/// <summary>
/// Emits Events for new occurrences only: a plan failure once per generation, an over-budget
/// episode once, each OOM-killed container termination once.
/// </summary>
public sealed class EmitEventsStep(EventRecorder recorder, EventDeduplicator deduplicator) : IReconcileStep
{
    public async Task RunAsync(ReconcileContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stack = context.Stack!;
        if (context.Status is null || stack.Metadata?.Uid is not { } uid)
        {
            return;
        }

        var active = StackEvents.Active(stack.Metadata.Generation, context.Plan!, context.Status, context.Observation);
        var reportedBefore = deduplicator.IsNew(uid) ? StackEvents.ReportedBefore(stack.Status, active, context.Observation) : null;
        foreach (var stackEvent in deduplicator.Filter(uid, active, reportedBefore))
        {
            try
            {
                await recorder.RecordAsync(stack, stackEvent, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpOperationException or HttpRequestException)
            {
                // Not remembered as reported, so the retry (this key backs off) tries again.
                deduplicator.Unmark(uid, stackEvent.Key);
                context.Errors.Add($"event {stackEvent.Reason}: {ApplyChildrenStep.Describe(ex)}");
            }
        }
    }
}
