using SensorOperator.Planning;
using SensorStack.BudgetReport.Measuring;

namespace SensorStack.BudgetReport.Reporting;

/// <summary>
/// Pure: what an autopilot run must show. Σ limits within the budget at every decision and after every
/// applied step; every decided step applied (none refused by the budget guard, none failed); the sensor
/// resized at least once, and once it has had time to notice (<see cref="Settle"/>), reporting the limit in
/// force as its cgroup limit and a GC heap limit of <see cref="MemoryPolicy.SensorGcHeapPercent"/>% of it.
/// </summary>
internal static class AutopilotChecks
{
    /// <summary>How long after a resize the sensor may still show the old limit: its watcher's poll interval
    /// (2 s) plus one decision interval, with room for a busy machine.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(6);

    /// <summary>How far the GC's heap limit may sit from the percentage (it rounds to pages and regions).</summary>
    public const double HeapTolerance = 0.01;

    public static IReadOnlyList<string> Failures(AutopilotRecord record, long budgetBytes)
    {
        ArgumentNullException.ThrowIfNull(record);
        var failures = new List<string>();
        if (record.Ticks.Count == 0)
        {
            failures.Add("the autopilot made no decision");
            return failures;
        }

        foreach (var tick in record.Ticks.Where(t => t.Sum > budgetBytes))
        {
            failures.Add($"Σ limits {Units.MiB(tick.Sum)} MiB over the {Units.MiB(budgetBytes)} MiB budget at {tick.Seconds:0.0} s");
        }

        foreach (var resize in record.Resizes)
        {
            if (resize.Applied && resize.SumAfter > budgetBytes)
            {
                failures.Add($"Σ limits {Units.MiB(resize.SumAfter)} MiB over the budget after {Describe(resize)}");
            }
            else if (!resize.Applied)
            {
                failures.Add($"{Describe(resize)} was not applied ({resize.Outcome})");
            }
        }

        failures.AddRange(SensorFollows(record));
        return failures;
    }

    /// <summary>Ticks at which the sensor had settled after its last resize: (tick, limit in force).</summary>
    public static IEnumerable<(TickRow Tick, long Limit)> SettledSensorTicks(AutopilotRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sensorResizes = record.Resizes.Where(r => r.Applied && r.Component == ComponentNames.Sensor).ToList();
        foreach (var tick in record.Ticks)
        {
            var last = sensorResizes.LastOrDefault(r => r.Seconds <= tick.Seconds);
            if (last is null || tick.Seconds - last.Seconds >= Settle.TotalSeconds)
            {
                yield return (tick, tick.Limits["sensor"]);
            }
        }
    }

    private static IEnumerable<string> SensorFollows(AutopilotRecord record)
    {
        if (!record.Resizes.Any(r => r.Applied && r.Component == ComponentNames.Sensor))
        {
            yield return "the sensor was never resized, so the run does not show its GC following a new limit";
            yield break;
        }

        foreach (var (tick, limit) in SettledSensorTicks(record))
        {
            if (tick.SensorCgroupLimit is not { } seen || tick.SensorGcHeapLimit is not { } heap)
            {
                continue; // the sensor did not answer that scrape; a stopped sensor fails the run elsewhere
            }

            var expected = limit * MemoryPolicy.SensorGcHeapPercent / 100.0;
            if (seen != limit)
            {
                yield return $"at {tick.Seconds:0.0} s the sensor reported a {Units.MiB(seen)} MiB limit, {Units.MiB(limit)} MiB was in force";
            }
            else if (Math.Abs(heap - expected) > expected * HeapTolerance)
            {
                yield return $"at {tick.Seconds:0.0} s the sensor's GC heap limit was {Units.MiB(heap)} MiB, not {MemoryPolicy.SensorGcHeapPercent}% of its {Units.MiB(limit)} MiB limit";
            }
        }
    }

    private static string Describe(ResizeRow resize) =>
        $"{resize.Component} {Units.MiB(resize.From)}→{Units.MiB(resize.To)} MiB at {resize.Seconds:0.0} s";
}
