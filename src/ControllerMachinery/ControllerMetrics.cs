using Prometheus;

namespace ControllerMachinery;

/// <summary>
/// The controller's Prometheus metrics, in a registry of its own so that two operator instances in
/// one process (tests) do not share counters. Low cardinality: no object names in labels.
/// </summary>
public sealed class ControllerMetrics
{
    /// <param name="prefix">Prepended to every metric name (e.g. <c>my_operator_</c>): the operator names its metrics, not the machinery.</param>
    /// <param name="registry">Null for a registry of this instance's own.</param>
    public ControllerMetrics(string prefix, CollectorRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        Registry = registry ?? Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        Reconciles = factory.CreateCounter(prefix + "reconcile_total", "Reconciles by result (success, error, requeue).", "result");
        ReconcileDuration = factory.CreateHistogram(
            prefix + "reconcile_duration_seconds",
            "Reconcile duration by result.",
            new HistogramConfiguration { LabelNames = ["result"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });
        QueueDepth = factory.CreateGauge(prefix + "workqueue_depth", "Keys waiting in the work queue.");
        WatchRestarts = factory.CreateCounter(prefix + "watch_restarts_total", "Watch streams restarted, by resource and reason (timeout, gone, error).", "resource", "reason");
        ApiRequests = factory.CreateCounter(prefix + "api_requests_total", "Kubernetes API requests by verb and HTTP status code (0 when no response).", "verb", "code");
        CachedObjects = factory.CreateGauge(prefix + "cached_objects", "Objects held by the informer caches, by resource.", "resource");
        IsLeader = factory.CreateGauge(prefix + "leader", "1 while this instance holds the leader lease.");
        UnparseableObjects = factory.CreateCounter(prefix + "unparseable_objects_total", "Listed or watched objects that could not be read into their model and were skipped, by resource.", "resource");
    }

    public CollectorRegistry Registry { get; }

    public Counter Reconciles { get; }

    public Histogram ReconcileDuration { get; }

    public Gauge QueueDepth { get; }

    public Counter WatchRestarts { get; }

    public Counter ApiRequests { get; }

    public Gauge CachedObjects { get; }

    public Gauge IsLeader { get; }

    public Counter UnparseableObjects { get; }
}
