using System.Text.Json;

namespace ControllerMachinery;

/// <summary>How the controller machinery talks to the API server and runs reconciles.</summary>
public sealed record MachineryOptions
{
    /// <summary>Prepended to every metric name, e.g. <c>my_operator_</c>.</summary>
    public required string MetricPrefix { get; init; }

    /// <summary>Server-side apply field manager and owner of every applied field.</summary>
    public required string FieldManager { get; init; }

    /// <summary>Annotation holding the hash of the desired content last applied to an object.</summary>
    public required string HashAnnotation { get; init; }

    /// <summary>
    /// Writes the objects the applier applies: options whose type info resolver is the caller's
    /// source-generated context of every kind it applies (no reflection serialization).
    /// </summary>
    public required JsonSerializerOptions Json { get; init; }

    /// <summary>Client-side rate limit of every request but watches and the Lease's (client-go's QPS and Burst).</summary>
    public double Qps { get; init; } = 20;

    public int Burst { get; init; } = 40;

    public int MaxConcurrentReconciles { get; init; } = 4;

    /// <summary>How long a discovery answer ("is this resource served?") is trusted.</summary>
    public TimeSpan DiscoveryInterval { get; init; } = TimeSpan.FromMinutes(1);

    public required LeaderElectionOptions LeaderElection { get; init; }
}
