using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ControllerMachinery;

/// <summary>
/// Holds (or waits for) the Lease that makes this instance the one that writes, with the
/// machinery's <see cref="LeaseElector"/>; after a lost term it stands again, so a leader that
/// lost the Lease to a network blip becomes a standby rather than a process that never leads
/// again. With election off, this instance leads from the start.
/// </summary>
public sealed class LeaderElectionService(
    KubeApiClient api, LeaderElectionOptions options, LeadershipGate gate, ControllerMetrics metrics, TimeProvider time, ILogger<LeaderElectionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            Log.ElectionOff(logger);
            Lead();
            return;
        }

        // StartAsync runs ExecuteAsync up to its first await; the first Lease request must not hold up host start.
        await Task.Yield();
        var elector = new LeaseElector(api, options, time, logger);
        elector.StartedLeading += Lead;
        elector.StoppedLeading += () =>
        {
            Log.LeaseLost(logger, options.Namespace, options.LeaseName);
            metrics.IsLeader.Set(0);
            gate.Lose();
        };
        elector.NewLeader += leader => Log.NewLeader(logger, leader.Length == 0 ? "(none)" : leader);

        Log.WaitingForLease(logger, options.Namespace, options.LeaseName, options.Identity);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await elector.RunAsync(stoppingToken);
            }
        }
        finally
        {
            gate.Lose();
            metrics.IsLeader.Set(0);
        }
    }

    private void Lead()
    {
        Log.Leading(logger, options.Identity);
        metrics.IsLeader.Set(1);
        gate.Acquire();
    }
}
