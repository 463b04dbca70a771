using Microsoft.Extensions.Logging;

namespace ControllerMachinery;

/// <summary>Source-generated log messages of the controller machinery (no formatting cost when disabled).</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Resource} is {Served} by this cluster")]
    public static partial void DiscoveryChanged(ILogger logger, ResourceType resource, string served);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discovery of {Resource} failed ({Error}); asking again later")]
    public static partial void DiscoveryFailed(ILogger logger, ResourceType resource, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Resource} {Key} at resourceVersion {ResourceVersion}: it cannot be read ({Error})")]
    public static partial void Unreadable(ILogger logger, ResourceType resource, ObjectKey key, string? resourceVersion, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Resource} {Key} ({Outcome})")]
    public static partial void Applied(ILogger logger, ResourceType resource, ObjectKey key, ApplyOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Resource} {Key}")]
    public static partial void Deleted(ILogger logger, ResourceType resource, ObjectKey key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile of {Key} failed: {Error}; retry in {Delay}")]
    public static partial void ReconcileFailed(ILogger logger, ObjectKey key, string? error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconcile of {Key} threw; retry in {Delay}")]
    public static partial void ReconcileThrew(ILogger logger, Exception exception, ObjectKey key, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Listed {Count} {Resource} at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, int count, ResourceType resource, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Resource} expired at resourceVersion {ResourceVersion}; relisting")]
    public static partial void WatchExpired(ILogger logger, ResourceType resource, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "List/watch of {Resource} failed ({Error}); retry {Attempt} in {Delay}")]
    public static partial void WatchFailed(ILogger logger, ResourceType resource, string error, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Leader election is off; this instance reconciles")]
    public static partial void ElectionOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the lease {Namespace}/{Lease}; reconciling stops")]
    public static partial void LeaseLost(ILogger logger, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Information, Message = "Leader is {Leader}")]
    public static partial void NewLeader(ILogger logger, string leader);

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for the lease {Namespace}/{Lease} as {Identity}")]
    public static partial void WaitingForLease(ILogger logger, string @namespace, string lease, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Leading as {Identity}")]
    public static partial void Leading(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a line of the watch of {Resource}: {Why}")]
    public static partial void WatchLineSkipped(ILogger logger, ResourceType resource, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Acquired the lease {Lease}")]
    public static partial void LeaseAcquired(ILogger logger, string lease);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released the lease {Lease}")]
    public static partial void LeaseReleased(ILogger logger, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease {Lease} within {Deadline}")]
    public static partial void LeaseRenewFailed(ILogger logger, string lease, TimeSpan deadline);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lease {Verb} of {Lease} failed: {Error}")]
    public static partial void LeaseRequestFailed(ILogger logger, string verb, string lease, string error);
}
