namespace ControllerMachinery;

public sealed record LeaderElectionOptions
{
    /// <summary>Off for local runs against a cluster where no other instance runs.</summary>
    public bool Enabled { get; init; } = true;

    public required string Namespace { get; init; }

    public required string LeaseName { get; init; }

    public required string Identity { get; init; }

    /// <summary>client-go's defaults (15 s / 10 s / 2 s): a dead leader is replaced within ~15 s.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
}
