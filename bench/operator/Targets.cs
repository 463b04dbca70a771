namespace SensorStack.Bench.Operator;

/// <summary>The targets of the NativeAOT work, checked against the first AOT build of this run.</summary>
internal static class Targets
{
    private const long MiB = 1024 * 1024;
    private const int Large = 1000;

    public static IEnumerable<string> Verdicts(BenchArguments arguments, IReadOnlyList<RunResult> results, IReadOnlyList<StartupResult> startups)
    {
        var aot = arguments.Variants.FirstOrDefault(v => !v.IsJit);
        var jit = arguments.Variants.FirstOrDefault(v => v.IsJit);
        yield return "";
        if (aot is null)
        {
            yield return "Targets (issue): not checked, no NativeAOT build in this run.";
            yield break;
        }

        var mine = results.Where(r => r.Variant == aot.Label).ToList();
        var large = mine.FirstOrDefault(r => r.Stacks == Large);
        var jitLarge = results.FirstOrDefault(r => jit is not null && r.Variant == jit.Label && r.Stacks == Large);
        var startup = startups.FirstOrDefault(s => s.Variant == aot.Label);
        yield return $"Targets (issue), checked for {aot.Label}:";
        yield return "";
        yield return "| figure | target | measured | met |";
        yield return "|---|---:|---:|---|";
        yield return Row<long>("idle RSS (highest of its runs)", "<= 48 MiB", mine.Count == 0 ? null : mine.Max(r => r.IdleRssBytes), v => v <= 48 * MiB, v => Report.Mib(v));
        yield return Row($"RSS holding {Large:N0} stacks", "<= 96 MiB", large?.HoldingRssBytes, v => v <= 96 * MiB, v => Report.Mib(v));
        yield return Row($"peak RSS converging {Large:N0} stacks", "<= 128 MiB", large?.PeakRssBytes, v => v <= 128 * MiB, v => Report.Mib(v));
        double? ratio = large is not null && jitLarge is not null ? large.TimeToReady / jitLarge.TimeToReady : null;
        yield return Row($"{Large:N0} stacks Ready", "<= 1.2x JIT", ratio, v => v <= 1.2, v => Report.Invariant($"{v:F2}x ({large!.TimeToReady.TotalSeconds:F1} s vs {jitLarge!.TimeToReady.TotalSeconds:F1} s)"));
        yield return Row("start to /readyz (1 stack, median)", "<= 1 s", startup?.Median.TotalSeconds, v => v <= 1.0, v => Report.Invariant($"{v * 1000:F0} ms"));
        yield return Row<double>("steady-state writes / min (highest count)", "0", mine.Count == 0 ? null : mine.Max(r => r.SteadyWritesPerMinute), v => v == 0, v => Report.Invariant($"{v:F1}"));
    }

    private static string Row<T>(string figure, string target, T? value, Func<T, bool> met, Func<T, string> format) where T : struct =>
        value is { } v ? $"| {figure} | {target} | {format(v)} | {(met(v) ? "yes" : "**no**")} |" : $"| {figure} | {target} | not measured | - |";
}
