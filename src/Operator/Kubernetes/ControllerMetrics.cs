using Prometheus;

namespace SensorOperator.Kubernetes;

/// <summary>
/// The controller's Prometheus metrics, in a registry of its own so that two operator instances in
/// one process (tests) do not share counters. Low cardinality: no object names in labels.
/// </summary>
public sealed class ControllerMetrics
{
    public ControllerMetrics(CollectorRegistry? registry = null)
    {
        Registry = registry ?? Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        Reconciles = factory.CreateCounter("sensor_operator_reconcile_total", "Reconciles by result (success, error, requeue).", "result");
        ReconcileDuration = factory.CreateHistogram(
            "sensor_operator_reconcile_duration_seconds",
            "Reconcile duration by result.",
            new HistogramConfiguration { LabelNames = ["result"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });
        QueueDepth = factory.CreateGauge("sensor_operator_workqueue_depth", "Keys waiting in the work queue.");
        WatchRestarts = factory.CreateCounter("sensor_operator_watch_restarts_total", "Watch streams restarted, by resource and reason (timeout, gone, error).", "resource", "reason");
        ApiRequests = factory.CreateCounter("sensor_operator_api_requests_total", "Kubernetes API requests by verb and HTTP status code (0 when no response).", "verb", "code");
        CachedObjects = factory.CreateGauge("sensor_operator_cached_objects", "Objects held by the informer caches, by resource.", "resource");
        IsLeader = factory.CreateGauge("sensor_operator_leader", "1 while this instance holds the leader lease.");
    }

    public CollectorRegistry Registry { get; }

    public Counter Reconciles { get; }

    public Histogram ReconcileDuration { get; }

    public Gauge QueueDepth { get; }

    public Counter WatchRestarts { get; }

    public Counter ApiRequests { get; }

    public Gauge CachedObjects { get; }

    public Gauge IsLeader { get; }
}
