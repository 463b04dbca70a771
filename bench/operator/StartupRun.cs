using System.Diagnostics;

namespace SensorStack.Bench.Operator;

/// <summary>Start to /readyz: every build started <c>repeats</c> times against one API server holding one SensorStack.</summary>
internal sealed record StartupResult(string Variant, IReadOnlyList<TimeSpan> Times)
{
    public TimeSpan Median => Medians.Of(Times);
}

internal static class StartupRun
{
    public static async Task<IReadOnlyList<StartupResult>> RunAsync(BenchArguments arguments)
    {
        await using var api = await BenchRun.StartApiAsync();
        await using var simulator = api.SimulateDeployments();
        var kubeconfig = api.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"operator-bench-start-{Environment.ProcessId}.yaml"));
        api.Put(BenchRun.Stack("s0000"));
        var times = arguments.Variants.ToDictionary(v => v.Label, _ => new List<TimeSpan>(), StringComparer.Ordinal);
        for (var repeat = 0; repeat < arguments.StartupRepeats; repeat++)
        {
            // Alternate the order, so a disturbance on the shared machine does not always hit the same build.
            foreach (var variant in Interleave.Order(arguments.Variants, repeat))
            {
                var clock = Stopwatch.StartNew();
                using var op = OperatorProcess.Start(variant, kubeconfig, arguments.ObserveInterval);
                while (!await op.IsReadyAsync())
                {
                    if (op.HasExited || clock.Elapsed > arguments.Timeout)
                    {
                        throw new InvalidOperationException($"{variant.Label} never answered /readyz (exited: {op.HasExited})");
                    }

                    await Task.Delay(10);
                }

                times[variant.Label].Add(clock.Elapsed);
                Console.WriteLine($"   {variant.Label}: /readyz after {clock.Elapsed.TotalMilliseconds:F0} ms");
                // The first start creates the stack's children; let it converge so every later start finds the same state.
                if (repeat == 0)
                {
                    await BenchRun.WaitAsync(() => BenchRun.ReadyCount(api) == 1, "the stack is Ready", arguments.Timeout, op);
                }
            }
        }

        return [.. arguments.Variants.Select(v => new StartupResult(v.Label, times[v.Label]))];
    }
}

internal static class Interleave
{
    /// <summary>The builds in their given order on even rounds and reversed on odd ones.</summary>
    public static IEnumerable<T> Order<T>(IReadOnlyList<T> items, int round) => round % 2 == 0 ? items : items.Reverse();
}

internal static class Medians
{
    public static TimeSpan Of(IReadOnlyList<TimeSpan> values)
    {
        if (values.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
