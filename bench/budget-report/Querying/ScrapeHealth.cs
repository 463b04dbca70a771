namespace SensorStack.BudgetReport.Querying;

/// <summary>One bucket of the stored sensor_cpu_spike_seconds histogram (cumulative count).</summary>
internal sealed record Bucket(string UpperBound, double Count);

/// <summary>How one metrics store (VictoriaMetrics or the Prometheus baseline) scraped the sensor job.</summary>
internal sealed record ScrapeHealth(
    string Store,
    string TargetHealth,
    string LastError,
    double? Up,
    double? Scrapes,
    double? SamplesIngested,
    double? Series,
    double? SensorSeries,
    IReadOnlyList<Bucket> SpikeBuckets,
    double? SpikeCount,
    double? SpikeSum,
    string? QueryError)
{
    /// <summary>The scrape worked: the target is up, its last scrape succeeded, and the sensor's own series are stored.</summary>
    public bool Healthy => QueryError is null && TargetHealth == "up" && Up == 1 && SensorSeries > 0 && SpikeCount is not null;

    public static async Task<ScrapeHealth> CollectAsync(string store, PrometheusApi api, string job, TimeSpan window, CancellationToken cancellationToken)
    {
        var selector = $"job=\"{job.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
        var range = $"[{(int)Math.Ceiling(window.TotalSeconds)}s]";
        try
        {
            var target = (await api.TargetsAsync(cancellationToken)).FirstOrDefault(t => t.Job == job);
            var buckets = (await api.QueryAsync($"last_over_time(sensor_cpu_spike_seconds_bucket{{{selector}}}{range})", cancellationToken))
                .Select(s => new Bucket(s.Labels.GetValueOrDefault("le", "?"), s.Value))
                .OrderBy(b => b.UpperBound == "+Inf" ? double.PositiveInfinity : double.Parse(b.UpperBound, System.Globalization.CultureInfo.InvariantCulture))
                .ToList();
            return new ScrapeHealth(
                store,
                target?.Health ?? "absent",
                target?.LastError ?? $"no target for job {job}",
                await api.ScalarAsync($"last_over_time(up{{{selector}}}{range})", cancellationToken),
                await api.ScalarAsync($"count_over_time(up{{{selector}}}{range})", cancellationToken),
                await api.ScalarAsync($"sum(sum_over_time(scrape_samples_scraped{{{selector}}}{range}))", cancellationToken),
                await api.ScalarAsync($"count(last_over_time({{{selector}}}{range}))", cancellationToken),
                await api.ScalarAsync($"count(last_over_time({{{selector},__name__=~\"sensor_.*\"}}{range}))", cancellationToken),
                buckets,
                await api.ScalarAsync($"last_over_time(sensor_cpu_spike_seconds_count{{{selector}}}{range})", cancellationToken),
                await api.ScalarAsync($"last_over_time(sensor_cpu_spike_seconds_sum{{{selector}}}{range})", cancellationToken),
                null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // The report still gets written: a store that cannot be asked is itself the finding.
            return new ScrapeHealth(store, "unknown", "", null, null, null, null, null, [], null, null, e.Message);
        }
    }
}
