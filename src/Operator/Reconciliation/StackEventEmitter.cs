using ControllerMachinery;
using SensorOperator.Api;
using SensorOperator.Observation;
using SensorOperator.Planning;

namespace SensorOperator.Reconciliation;

/// <summary>
/// Emits Events for new occurrences only: a plan failure once per generation, an over-budget
/// episode once, each OOM-killed container termination once.
/// </summary>
public sealed class StackEventEmitter(EventRecorder recorder, EventDeduplicator deduplicator)
{
    /// <summary>Returns the events that could not be written (they are tried again on the next reconcile).</summary>
    public async Task<IReadOnlyList<string>> EmitAsync(
        V1Alpha1SensorStack stack, PlanResult plan, SensorStackStatus status, StackObservation? observation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stack);
        if (stack.Metadata?.Uid is not { } uid)
        {
            return [];
        }

        var active = StackEvents.Active(stack.Metadata.Generation, plan, status, observation);
        var reportedBefore = deduplicator.IsNew(uid) ? StackEvents.ReportedBefore(stack.Status, active, observation) : null;
        var errors = new List<string>();
        foreach (var stackEvent in deduplicator.Filter(uid, active, reportedBefore))
        {
            try
            {
                await recorder.RecordAsync(stack, stackEvent, cancellationToken);
            }
            catch (Exception ex) when (ex is KubeApiException or HttpRequestException)
            {
                // Not remembered as reported, so the retry (this key backs off) tries again.
                deduplicator.Unmark(uid, stackEvent.Key);
                errors.Add($"event {stackEvent.Reason}: {ChildApplier.Describe(ex)}");
            }
        }

        return errors;
    }
}
