using Prometheus;

namespace SensorService.Metrics;

/// <summary>
/// Every metric the service exports, in its own registry. Labels are few and their values come
/// from code, never from requests (sensor ids never become labels), so the series count is fixed.
/// prometheus-net's default registry is not used: its event-counter and meter adapters add
/// dozens of series; only the process and GC essentials (<see cref="ProcessMetrics"/>) are kept.
/// </summary>
public sealed class SensorMetrics
{
    /// <summary>Why a request was turned away; the only label with more than one value.</summary>
    public static readonly string[] RejectionReasons =
        ["invalid_json", "invalid_reading", "batch_too_large", "too_large", "unsupported_media_type", "rate_limited", "overloaded"];

    /// <summary>Spike lengths from a quarter second (one sample) to minutes.</summary>
    public static readonly double[] SpikeBuckets = [0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

    private readonly Counter rejected;

    public SensorMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        Process = new ProcessMetrics(factory);

        ReadingsAccepted = factory.CreateCounter("sensor_readings_accepted_total", "Readings accepted by POST /api/readings.");
        rejected = factory.CreateCounter("sensor_requests_rejected_total", "Requests answered with a problem (4xx; 503 when overloaded), by reason.", "reason");
        foreach (var reason in RejectionReasons)
        {
            rejected.WithLabels(reason); // every reason is exported from the start, at zero
        }

        Sensors = factory.CreateGauge("sensor_sensors", "Distinct sensors currently stored.");
        SensorLimit = factory.CreateGauge("sensor_sensors_limit", "Most distinct sensors kept (Sensor:MaxSensors).");
        ReadingsStored = factory.CreateGauge("sensor_readings_stored", "Readings currently held in the ring buffers.");
        SensorsEvicted = factory.CreateCounter("sensor_sensors_evicted_total", "Sensors dropped to make room for new ones.");
        StatsUpdated = factory.CreateGauge("sensor_stats_last_update_timestamp_seconds", "When the stats aggregates were last recomputed.");

        AnalysisDuration = factory.CreateHistogram("sensor_analysis_duration_seconds", "Duration of one anomaly analysis pass over all buffers.",
            new HistogramConfiguration { Buckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5] });
        AnomalousSensors = factory.CreateGauge("sensor_anomalous_sensors", "Sensors whose latest reading scored above the threshold in the last analysis.");

        CpuSpikeSeconds = factory.CreateHistogram("sensor_cpu_spike_seconds",
            "Duration of each period in which the process's CPU use stayed above the threshold fraction of its CPU limit.",
            new HistogramConfiguration { Buckets = SpikeBuckets });
        CpuUsageRatio = factory.CreateGauge("sensor_cpu_usage_ratio", "CPU used in the last sample interval as a fraction of the CPU limit.");
        CpuLimitCores = factory.CreateGauge("sensor_cpu_limit_cores", "The CPU limit the usage is measured against (cgroup quota or processor count).");
        IngestInFlight = factory.CreateGauge("sensor_ingest_batches_in_flight", "POST /api/readings batches being read or parsed when scraped.");
        IngestLimit = factory.CreateGauge("sensor_ingest_batches_limit", "Most batches in flight before ingest answers 503 (Sensor:MaxConcurrentBatches).");
        // Absent rather than 0 without a limit: an alert dividing by it then has nothing to say.
        MemoryLimit = factory.CreateGauge("sensor_memory_limit_bytes", "Memory limit of the process's cgroup (the container limit); absent when unlimited.",
            new GaugeConfiguration { SuppressInitialValue = true });
        GcHeapLimit = factory.CreateGauge("sensor_gc_heap_limit_bytes",
            "Memory the GC plans against: its heap hard limit, which follows the memory limit after an in-place resize.");
        CpuSpikeThreshold = factory.CreateGauge("sensor_cpu_spike_threshold_ratio", "Usage fraction above which a spike is counted.");
    }

    public CollectorRegistry Registry { get; }

    public ProcessMetrics Process { get; }

    public Counter ReadingsAccepted { get; }

    public Gauge Sensors { get; }

    public Gauge SensorLimit { get; }

    public Gauge ReadingsStored { get; }

    public Counter SensorsEvicted { get; }

    public Gauge StatsUpdated { get; }

    public Histogram AnalysisDuration { get; }

    public Gauge AnomalousSensors { get; }

    public Histogram CpuSpikeSeconds { get; }

    public Gauge CpuUsageRatio { get; }

    public Gauge CpuLimitCores { get; }

    public Gauge CpuSpikeThreshold { get; }

    public Gauge IngestInFlight { get; }

    public Gauge IngestLimit { get; }

    public Gauge MemoryLimit { get; }

    public Gauge GcHeapLimit { get; }

    public void Rejected(string reason) => rejected.WithLabels(reason).Inc();
}
