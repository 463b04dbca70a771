using Microsoft.Extensions.Logging;

namespace ControllerMachinery;

/// <summary>
/// Runs reconcile workers over a <see cref="WorkQueue{TKey}"/>: at most <c>workers</c> keys at once,
/// never the same key twice at once. Failures (a failed result or an exception) send the key back
/// with its backoff; successes reset the backoff and honour RequeueAfter.
/// </summary>
public sealed class Controller(WorkQueue<ObjectKey> queue, IReconciler reconciler, int workers, ControllerMetrics metrics, TimeProvider time, ILogger<Controller> logger)
{
    public WorkQueue<ObjectKey> Queue => queue;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var tasks = Enumerable.Range(0, Math.Max(1, workers)).Select(_ => WorkAsync(cancellationToken)).ToArray();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: workers finish their current reconcile (or are cancelled with it).
        }
    }

    /// <summary>Processes one key; returns false when the queue has shut down.</summary>
    public async Task<bool> ProcessNextAsync(CancellationToken cancellationToken)
    {
        var (ok, key) = await queue.TryGetAsync(cancellationToken);
        if (!ok)
        {
            return false;
        }

        var started = time.GetTimestamp();
        string result;
        try
        {
            var outcome = await reconciler.ReconcileAsync(key, cancellationToken);
            if (outcome.Failed)
            {
                result = "error";
                var delay = queue.AddRateLimited(key);
                Log.ReconcileFailed(logger, key, outcome.Error, delay);
            }
            else
            {
                queue.Forget(key);
                result = outcome.RequeueAfter is { } after ? "requeue" : "success";
                if (outcome.RequeueAfter is { } requeue)
                {
                    queue.AddAfter(key, requeue);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            queue.Done(key);
            throw;
        }
#pragma warning disable CA1031 // A reconciler bug must not kill the worker: the key backs off and the rest go on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = "error";
            var delay = queue.AddRateLimited(key);
            Log.ReconcileThrew(logger, ex, key, delay);
        }

        queue.Done(key);
        var seconds = time.GetElapsedTime(started).TotalSeconds;
        metrics.Reconciles.WithLabels(result).Inc();
        metrics.ReconcileDuration.WithLabels(result).Observe(seconds);
        return true;
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && await ProcessNextAsync(cancellationToken))
        {
        }
    }
}
