namespace SensorOperator.Observation;

/// <summary>What was seen of one component's pods.</summary>
public sealed record ComponentObservation
{
    public required string Name { get; init; }

    /// <summary>Sum of the working sets of every container of the component's pods; null without metrics.</summary>
    public long? UsedBytes { get; init; }

    /// <summary>From the component's Deployment status.</summary>
    public int ReadyReplicas { get; init; }

    /// <summary>Containers of current pods whose last (or current) termination was OOMKilled.</summary>
    public int OomKills { get; init; }

    /// <summary>Each OOMKilled termination still visible in pod status (for events).</summary>
    public IReadOnlyList<OomKill> OomKillDetails { get; init; } = [];

    /// <summary>The highest working set of one of its pods (a limit is per pod); null without metrics.</summary>
    public long? PeakPodBytes { get; init; }

    /// <summary>Its pods' memory limits in force and desired, and where their resizes stand.</summary>
    public IReadOnlyList<PodResources> Pods { get; init; } = [];
}

/// <summary>One OOMKilled termination; <see cref="Id"/> tells one termination from another.</summary>
public sealed record OomKill(string Pod, string Container, int RestartCount, DateTime? FinishedAt, string Id);
