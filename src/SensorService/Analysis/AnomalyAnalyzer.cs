using System.Diagnostics;
using Microsoft.Extensions.Options;
using SensorService.Metrics;
using SensorService.Storage;

namespace SensorService.Analysis;

/// <summary>
/// Scores every sensor's buffer on a schedule: the CPU-heavy work (a sort per sensor) that a
/// request must never wait for. The result is published to /api/stats and /metrics.
/// </summary>
public sealed class AnomalyAnalyzer(
    ReadingStore store,
    SensorMetrics metrics,
    IOptions<AnalysisOptions> options,
    TimeProvider time) : BackgroundService
{
    private readonly AnalysisOptions settings = options.Value;
    private readonly List<SensorRing> sensors = [];
    private readonly Reading[] readings = new Reading[store.RingCapacity];
    private readonly double[] values = new double[store.RingCapacity];
    private readonly Lock analyzing = new();
    private AnalysisReport latest = new(null, 0, 0, 0, options.Value.ScoreThreshold, []);

    public AnalysisReport Latest => Volatile.Read(ref latest);

    /// <summary>Runs one pass now (the background loop calls this every interval).</summary>
    public AnalysisReport Analyze()
    {
        lock (analyzing)
        {
            var started = Stopwatch.GetTimestamp();
            store.CopySensors(sensors);
            var anomalous = new List<SensorScore>();
            foreach (var ring in sensors)
            {
                // Copy under the store's lock, score outside it: writers wait only for the copy.
                var count = store.CopyReadings(ring, readings);
                if (count == 0)
                {
                    continue;
                }

                for (var i = 0; i < count; i++)
                {
                    values[i] = readings[i].Value;
                }

                var last = readings[count - 1].Value;
                var (score, median) = AnomalyScorer.Score(values.AsSpan(0, count), last);
                if (score > settings.ScoreThreshold)
                {
                    anomalous.Add(new SensorScore(ring.SensorId, score, last, median));
                }
            }

            var analyzed = sensors.Count;
            sensors.Clear();
            var top = anomalous
                .OrderByDescending(s => s.Score)
                .ThenBy(s => s.SensorId, StringComparer.Ordinal)
                .Take(settings.TopCount)
                .ToList();
            var duration = Stopwatch.GetElapsedTime(started);
            var report = new AnalysisReport(time.GetUtcNow(), duration.TotalSeconds, analyzed, anomalous.Count, settings.ScoreThreshold, top);
            metrics.AnalysisDuration.Observe(duration.TotalSeconds);
            metrics.AnomalousSensors.Set(anomalous.Count);
            Volatile.Write(ref latest, report);
            return report;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Analyze();
        }
    }
}
