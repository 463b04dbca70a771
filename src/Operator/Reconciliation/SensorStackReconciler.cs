using ControllerMachinery;
using Microsoft.Extensions.Logging;
using SensorOperator.Api;
using SensorOperator.Observation;
using SensorOperator.Planning;

namespace SensorOperator.Reconciliation;

/// <summary>
/// Reconciles one SensorStack, top to bottom: load, plan (pure), apply children, prune, observe,
/// compute status (pure), write status, emit events; then come back after the observe interval.
/// The status is written whatever happened in the phases before it (cluster-api's deferred patch
/// of machine_controller.go): a failed, timed-out or throwing phase ends in a status that says
/// what is known, and a reconcile with errors reports failure, so its key backs off.
/// </summary>
public sealed partial class SensorStackReconciler(
    StackCaches caches,
    PlannerDefaults defaults,
    ChildApplier children,
    ComponentObserver observer,
    StatusWriter statusWriter,
    StackEventEmitter events,
    ResyncSchedule resync,
    ReconcileIntervals intervals,
    TimeProvider time,
    ILogger<SensorStackReconciler> logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        // Load. A deleted or deleting stack needs nothing: the API server collects its children.
        if (caches.Stacks.Cache.Get(key) is not { Metadata: { DeletionTimestamp: null, Uid: var uid } } stack)
        {
            return ReconcileResult.Done();
        }

        var now = WholeSeconds(time.GetUtcNow());

        // Plan: every sizing decision is made in the pure planner, none here.
        var plan = StackPlanner.Plan(stack, defaults);

        var errors = new List<string>();
        StackObservation? observation = null;
        var resyncDue = resync.IsDue(uid, now);
        if (plan is FeasiblePlan { Plan: var feasible })
        {
            try
            {
                // Apply. An infeasible plan skips this and the next phases: the children stay as
                // the last good plan left them.
                var applied = await children.ApplyAsync(stack, feasible, resyncDue, cancellationToken);
                if (applied.StackGone)
                {
                    return ReconcileResult.Done();
                }

                errors.AddRange(applied.Errors);

                // Prune, only after a clean apply: a child that could not be applied (or whose kind
                // discovery could not confirm) must not be mistaken for one the plan dropped.
                var pruned = applied.Errors.Count == 0 ? await children.PruneAsync(stack, applied.Desired, cancellationToken) : new PruneResult(0, []);
                errors.AddRange(pruned.Errors);

                // Observe.
                observation = await observer.ObserveAsync(key, feasible, cancellationToken);
                LogApplied(key, applied.Written, applied.Unchanged, pruned.Deleted, resyncDue);
            }
            catch (Exception ex) when (IsFailure(ex, cancellationToken))
            {
                errors.Add(Describe(ex));
            }
        }

        // Compute status (pure): from the plan, what was observed and the previous status.
        var status = StatusCalculator.Compute(new StatusInputs
        {
            Generation = stack.Metadata.Generation,
            MemoryBudget = stack.Spec?.MemoryBudget ?? "",
            Previous = stack.Status,
            Plan = plan,
            ApplyErrors = errors,
            Observation = observation,
            Now = now,
        });

        // Write status, whatever happened above.
        try
        {
            await statusWriter.WriteAsync(stack, status, cancellationToken);
        }
        catch (Exception ex) when (IsFailure(ex, cancellationToken))
        {
            errors.Add($"status update: {Describe(ex)}");
        }

        // Events.
        try
        {
            errors.AddRange(await events.EmitAsync(stack, plan, status, observation, cancellationToken));
        }
        catch (Exception ex) when (IsFailure(ex, cancellationToken))
        {
            errors.Add($"events: {Describe(ex)}");
        }

        if (errors.Count > 0)
        {
            return ReconcileResult.Failure(string.Join("; ", errors));
        }

        if (resyncDue)
        {
            resync.Done(uid, now);
        }

        // An infeasible spec observes nothing and waits for the next spec change: no periodic work.
        return plan is FeasiblePlan ? ReconcileResult.After(intervals.Observe) : ReconcileResult.Done();
    }

    /// <summary>
    /// Every exception of a phase is a failure to report, except the cancellation of shutdown. A
    /// client timeout is a <see cref="TaskCanceledException"/> too, but with this token not cancelled.
    /// </summary>
    private static bool IsFailure(Exception ex, CancellationToken cancellationToken) =>
        !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private static string Describe(Exception ex) => ex switch
    {
        TaskCanceledException { InnerException: TimeoutException } => "the API server did not answer in time",
        KubeApiException or HttpRequestException => ChildApplier.Describe(ex),
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    /// <summary>
    /// Kubernetes stores condition times with whole-second precision; so do we, or a status read
    /// back would never equal the one computed and every reconcile would write it again.
    /// </summary>
    private static DateTime WholeSeconds(DateTimeOffset now) =>
        now.UtcDateTime.AddTicks(-(now.UtcDateTime.Ticks % TimeSpan.TicksPerSecond));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconciled {Key}: {Written} written, {Unchanged} unchanged, {Deleted} deleted (resync: {Resync})")]
    private partial void LogApplied(ObjectKey key, int written, int unchanged, int deleted, bool resync);
}
