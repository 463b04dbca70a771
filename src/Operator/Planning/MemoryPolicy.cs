using SensorOperator.Api;

namespace SensorOperator.Planning;

/// <summary>
/// Floors and weights of the budget split, and how each runtime is told its limit. Changing a number
/// here changes every plan: the golden render files show the effect.
/// </summary>
public static class MemoryPolicy
{
    /// <summary>
    /// Sensor floor, 32Mi: the NativeAOT binary with Kestrel idles at about 20Mi of working set; the
    /// per-sensor ring buffers (500 readings, capped sensor count) and request buffers need the rest.
    /// </summary>
    public const long SensorFloor = 32 * Quantities.Mebibyte;

    /// <summary>
    /// VictoriaMetrics floor, 64Mi: the Go runtime, index and in-memory parts of a single-node VM idle
    /// around 30-40Mi; background merges and one query need headroom above that or the first merge is
    /// OOM-killed.
    /// </summary>
    public const long VictoriaMetricsFloor = 64 * Quantities.Mebibyte;

    /// <summary>
    /// Grafana floor, 256Mi, from public reports (not measured here: no Grafana package on the test
    /// machine): a Grafana pod OOM-killed again and again at a 128Mi limit, about 124Mi in use before
    /// dashboard provisioning pushed it over (github.com/siutsin/otaru/pull/2547); Grafana at a 192Mi
    /// limit OOM-killed across many clusters with its RSS near or above 192Mi right after a restart
    /// (github.com/teutonet/teutonet-helm-charts/pull/2392); Grafana 12.4 idling at about 180Mi for one
    /// user (github.com/grafana/grafana/issues/123017). So about 190Mi resident is the start, and the
    /// floor adds a third for provisioning the datasource and dashboard and proxying a dashboard's
    /// queries. With it the sensor, VictoriaMetrics and Grafana need at least 352Mi together.
    /// </summary>
    public const long GrafanaFloor = 256 * Quantities.Mebibyte;

    /// <summary>
    /// vmalert floor, 32Mi: with the stack's seven rules (each query returns a few series) vmalert
    /// peaked at 20.6 MiB resident evaluating every second for a minute
    /// (bench/results/vmalert-idle-2026-12-01.md); remote-write buffers and a round of notifications
    /// need the rest.
    /// </summary>
    public const long VmAlertFloor = 32 * Quantities.Mebibyte;

    /// <summary>
    /// vmalert weighs 0: its memory is set by the number of rules and the series they return, which
    /// are fixed by the operator, not by the budget, so memory above its floor would buy nothing that
    /// the sensor or VictoriaMetrics could not use better.
    /// </summary>
    public const int VmAlertWeight = 0;

    /// <summary>
    /// Weights for the memory above the floors. VictoriaMetrics gets twice the share: its caches are a
    /// fraction of its limit (-memory.allowedPercent), so memory there buys query speed and more
    /// series. The sensor's memory is bounded by construction (ring buffers), so extra is only spike
    /// headroom; Grafana's is mostly fixed cost. Both weigh 1.
    /// </summary>
    public const int SensorWeight = 1;
    public const int VictoriaMetricsWeight = 2;
    public const int GrafanaWeight = 1;

    /// <summary>The smallest budget that admits a stack: sensor (1 replica) + VictoriaMetrics floors, 96Mi.</summary>
    public const long MinimumBudget = SensorFloor + VictoriaMetricsFloor;

    /// <summary>
    /// The smallest explicit memoryLimit: runc refuses limits under 6Mi and none of these runtimes
    /// starts in less than 16Mi, so a smaller value is a mistake, not a plan.
    /// </summary>
    public const long MinimumContainerLimit = 16 * Quantities.Mebibyte;

    public const int MaxReplicas = 100;

    /// <summary>
    /// The sensor's GC heap hard limit: 75% of its limit, leaving the rest for the runtime's native memory,
    /// thread stacks and code. A percentage, not bytes: the GC recomputes it from the cgroup limit when the
    /// sensor calls GC.RefreshMemoryLimit after an in-place resize, while an absolute limit would stay.
    /// </summary>
    public const int SensorGcHeapPercent = 75;

    /// <summary>
    /// -memory.allowedPercent for VictoriaMetrics: VM sizes its caches as this share of the memory it
    /// sees (the cgroup limit). A fixed ~40Mi is needed outside the caches (runtime, ingestion, merges),
    /// so the caches get what is left, at most VM's default of 60% and at least 10%.
    /// </summary>
    public static int VictoriaMetricsAllowedPercent(long limit)
    {
        var outsideCaches = 40 * Quantities.Mebibyte;
        var percent = (int)Math.Min(60, Math.Max(10, (limit - outsideCaches) * 100 / limit));
        return percent;
    }

    /// <summary>-search.maxConcurrentRequests: about 32Mi of query working memory per concurrent request, 2 to 16.</summary>
    public static int VictoriaMetricsMaxConcurrentRequests(long limit) =>
        (int)Math.Clamp(limit / (32 * Quantities.Mebibyte), 2, 16);

    /// <summary>
    /// Grafana's GOMEMLIMIT: 80% of its limit, so the Go GC works harder before the kernel kills it and
    /// the rest is left for what the Go runtime does not count (the mapped binary, cgo/SQLite). Not
    /// 100%: the grafana chart's GOMEMLIMIT equal to the limit leaves no headroom and gets OOM kills
    /// (github.com/grafana-community/helm-charts/issues/754); 80% is what
    /// github.com/redhat-appstudio/infra-deployments/pull/11367 settled on against OOM kills from
    /// expensive queries.
    /// </summary>
    public static long GrafanaGoMemLimit(long limit) => limit / 5 * 4;

    /// <summary>
    /// vmalert's GOMEMLIMIT: 75% of its limit. Its heap is small next to the Go runtime's fixed cost
    /// (goroutine stacks, the remote-write queue), so it keeps a larger share outside the soft limit.
    /// </summary>
    public static long VmAlertGoMemLimit(long limit) => limit / 4 * 3;
}
