namespace SensorOperator.Kubernetes;

/// <summary>What the host needs of any informer: run it, and know when its cache is complete.</summary>
public interface IInformer
{
    ResourceType Resource { get; }

    /// <summary>True once the first full list has been loaded into the cache.</summary>
    bool HasSynced { get; }

    /// <summary>Lists, then watches, until cancelled; never returns early on API errors.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
