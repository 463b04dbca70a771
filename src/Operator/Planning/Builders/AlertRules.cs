using System.Globalization;
using SensorOperator.Api;

namespace SensorOperator.Planning.Builders;

/// <summary>
/// The stack's alert rules, one group evaluated every scrape interval. Every rule selects only this
/// stack's series (the sensor job and namespace the scrape config writes; VictoriaMetrics' own
/// self-scrape job), carries a severity and the stack's name as labels, and says in its annotations
/// which stack, what value and what to do. The same group fills the rules ConfigMap and the VMRule.
/// </summary>
internal static class AlertRules
{
    /// <summary>A spike counts as long past this bucket of sensor_cpu_spike_seconds (SensorMetrics.SpikeBuckets).</summary>
    public const string LongSpikeBucket = "10";

    /// <summary>This many long spikes in <see cref="SpikeWindow"/> is "keeps happening", not one bad minute.</summary>
    public const int LongSpikesToAlert = 3;

    public const string SpikeWindow = "30m";

    /// <summary>The job VictoriaMetrics' -selfScrapeInterval writes its own metrics under.</summary>
    public const string VictoriaMetricsSelfJob = "victoria-metrics";

    public static AlertRuleGroup Group(ResolvedSpec spec)
    {
        var a = spec.Alerting;
        var stack = $"{spec.Namespace}/{spec.StackName}";
        var sensor = $"job=\"{ScrapeConfigBuilder.SensorJobName(spec)}\",namespace=\"{spec.Namespace}\"";
        // Two scrape intervals: every window holds at least two samples, so one late scrape cannot fire a rule.
        var window = GoDuration.Format(spec.ScrapeInterval * 2);
        var pending = GoDuration.Format(a.For);
        var ratio = a.IngestQueueRatio.ToString(CultureInfo.InvariantCulture);
        var check = $"kubectl -n {spec.Namespace} get sensorstack {spec.StackName}";

        return new AlertRuleGroup
        {
            Name = $"sensor-stack-{spec.StackName}",
            Interval = GoDuration.Format(spec.ScrapeInterval),
            Rules =
            [
                Rule(spec, "SensorCpuHigh", "warning", pending,
                    Invariant($$$"""avg_over_time(sensor_cpu_usage_ratio{{{{sensor}}}}[{{{window}}}]) * 100 > {{{a.CpuPercent}}}"""),
                    Invariant($$$"""Sensor of SensorStack {{{stack}}} uses {{ printf "%.0f" $value }}% of its CPU limit"""),
                    Invariant($$$"""Pod {{ $labels.pod }} averaged {{ printf "%.0f" $value }}% of its CPU limit over {{{window}}} (threshold {{{a.CpuPercent}}}%, held for {{{pending}}}). Ingest and the background analysis are running out of CPU and spikes will lengthen: spread the load over more spec.sensor.replicas or give the sensor pods more CPU; the dashboard's CPU spike panel shows when it started.""")),
                Rule(spec, "SensorCpuSpikesLong", "warning", pending,
                    Invariant($$$"""increase(sensor_cpu_spike_seconds_count{{{{sensor}}}}[{{{SpikeWindow}}}]) - increase(sensor_cpu_spike_seconds_bucket{{{{sensor}}},le="{{{LongSpikeBucket}}}"}[{{{SpikeWindow}}}]) >= {{{LongSpikesToAlert}}}"""),
                    Invariant($$$"""Sensor of SensorStack {{{stack}}} keeps having CPU spikes longer than {{{LongSpikeBucket}}}s"""),
                    Invariant($$$"""Pod {{ $labels.pod }} had {{ printf "%.0f" $value }} CPU spikes longer than {{{LongSpikeBucket}}}s in the last {{{SpikeWindow}}} (alerting from {{{LongSpikesToAlert}}}). Short bursts are expected; long ones mean the CPU limit is too small for the ingest rate: add spec.sensor.replicas or CPU, and compare with the ingest rate on the dashboard.""")),
                Rule(spec, "SensorIngestQueueHigh", "warning", pending,
                    Invariant($$$"""max_over_time(sensor_ingest_batches_in_flight{{{{sensor}}}}[{{{window}}}]) >= {{{ratio}}} * sensor_ingest_batches_limit{{{{sensor}}}}"""),
                    Invariant($$$"""Sensor of SensorStack {{{stack}}} has its ingest queue nearly full"""),
                    Invariant($$$"""Pod {{ $labels.pod }} had {{ printf "%.0f" $value }} ingest batches in flight, at least {{{ratio}}} of its Sensor:MaxConcurrentBatches; beyond the maximum it answers 503. Clients are sending faster than it parses: add spec.sensor.replicas, or send fewer, larger batches.""")),
                Rule(spec, "SensorIngestShedding", "critical", pending,
                    Invariant($$$"""increase(sensor_requests_rejected_total{{{{sensor}}},reason="overloaded"}[{{{window}}}]) > 0"""),
                    Invariant($$$"""Sensor of SensorStack {{{stack}}} is turning readings away with 503"""),
                    Invariant($$$"""Pod {{ $labels.pod }} answered {{ printf "%.0f" $value }} POST /api/readings with 503 in the last {{{window}}}: every ingest slot was taken. Clients that do not retry lose those readings: add spec.sensor.replicas, or raise Sensor:MaxConcurrentBatches if the memory alerts stay quiet.""")),
                Rule(spec, "SensorMemoryNearLimit", "critical", pending,
                    Invariant($$$"""process_working_set_bytes{{{{sensor}}}} / sensor_memory_limit_bytes{{{{sensor}}}} * 100 > {{{a.MemoryPercent}}}"""),
                    Invariant($$$"""Sensor of SensorStack {{{stack}}} is near its memory limit"""),
                    Invariant($$$"""Pod {{ $labels.pod }} uses {{ printf "%.0f" $value }}% of its memory limit (threshold {{{a.MemoryPercent}}}%); at the limit the kernel OOM-kills it. Raise spec.memoryBudget or spec.sensor.memoryLimit; {{{check}}} shows the plan and any OOM kills.""")),
                Rule(spec, "VictoriaMetricsMemoryNearLimit", "critical", pending,
                    Invariant($$$"""process_resident_memory_bytes{job="{{{VictoriaMetricsSelfJob}}}"} / process_memory_limit_bytes{job="{{{VictoriaMetricsSelfJob}}}"} * 100 > {{{a.MemoryPercent}}}"""),
                    Invariant($$$"""VictoriaMetrics of SensorStack {{{stack}}} is near its memory limit"""),
                    Invariant($$$"""VictoriaMetrics uses {{ printf "%.0f" $value }}% of its memory limit (threshold {{{a.MemoryPercent}}}%); at the limit it is OOM-killed and the samples since its last flush are lost. Raise spec.memoryBudget or spec.victoriaMetrics.memoryLimit, or shorten spec.victoriaMetrics.retention; {{{check}}} shows the plan.""")),
                Rule(spec, "SensorScrapeDown", "critical", GoDuration.Format(a.ScrapeDownFor),
                    Invariant($$$"""up{{{{sensor}}}} == 0 or absent(up{{{{sensor}}}})"""),
                    Invariant($$$"""VictoriaMetrics cannot scrape the sensor of SensorStack {{{stack}}}"""),
                    Invariant($$$"""No successful scrape of {{ if $labels.pod }}pod {{ $labels.pod }}{{ else }}any sensor pod{{ end }} for {{{GoDuration.Format(a.ScrapeDownFor)}}}: the sensor is down or unreachable, and no other alert can see it. Check kubectl -n {{{spec.Namespace}}} get pods -l app.kubernetes.io/instance={{{spec.StackName}}} and the pods' events.""")),
            ],
        };
    }

    private static AlertRule Rule(ResolvedSpec spec, string name, string severity, string pending, string expr, string summary, string description) => new()
    {
        Alert = name,
        Expr = expr,
        For = pending,
        Labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["severity"] = severity,
            ["sensorstack"] = spec.StackName,
            ["namespace"] = spec.Namespace,
        },
        Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["summary"] = summary,
            ["description"] = description,
        },
    };

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
