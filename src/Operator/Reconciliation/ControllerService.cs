using Microsoft.Extensions.Hosting;
using ControllerMachinery;

namespace SensorOperator.Reconciliation;

/// <summary>
/// Runs the SensorStack controller while this instance leads: waits for the caches, then for each
/// term of leadership enqueues every stack (a full resync) and runs the reconcile workers until the
/// term ends or the host stops.
/// </summary>
public sealed class ControllerService(Controller controller, StackCaches caches, LeadershipGate gate, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan SyncPoll = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            while (!caches.HasSynced)
            {
                await Task.Delay(SyncPoll, time, stoppingToken);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                var term = await gate.WaitAsync(stoppingToken);
                using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term);
                foreach (var stack in caches.Stacks.Cache.List())
                {
                    controller.Queue.Add(ObjectKey.Of(stack));
                }

                await controller.RunAsync(running.Token);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
        finally
        {
            controller.Queue.ShutDown();
        }
    }
}
