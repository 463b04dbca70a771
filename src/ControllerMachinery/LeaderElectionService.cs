using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ControllerMachinery;

/// <summary>
/// Holds (or waits for) the Lease that makes this instance the one that writes. Uses the client's
/// LeaderElector with a LeaseLock; with election off, this instance leads from the start.
/// </summary>
public sealed class LeaderElectionService(IKubernetes client, LeaderElectionOptions options, LeadershipGate gate, ControllerMetrics metrics, ILogger<LeaderElectionService> logger)
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

        var leaseLock = new LeaseLock(client, options.Namespace, options.LeaseName, options.Identity);
        using var elector = new LeaderElector(new LeaderElectionConfig(leaseLock)
        {
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
        });
        elector.OnStartedLeading += Lead;
        elector.OnStoppedLeading += () =>
        {
            Log.LeaseLost(logger, options.Namespace, options.LeaseName);
            metrics.IsLeader.Set(0);
            gate.Lose();
        };
        elector.OnNewLeader += leader => Log.NewLeader(logger, leader);
        elector.OnError += ex => Log.ElectionError(logger, ex.Message);

        Log.WaitingForLease(logger, options.Namespace, options.LeaseName, options.Identity);
        try
        {
            await elector.RunAndTryToHoldLeadershipForeverAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
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
