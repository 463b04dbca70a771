using System.Globalization;
using System.Runtime.InteropServices;

namespace SensorStack.Bench.Operator;

/// <summary>The recorded result: machine, date and command first, then the builds side by side per stack count.</summary>
internal static class Report
{
    public static string Markdown(BenchArguments arguments, IReadOnlyList<RunResult> results, IReadOnlyList<StartupResult> startups, string commandArguments)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var lines = new List<string>
        {
            "# Operator benchmark",
            "",
            $"- Date: {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC",
            $"- Machine: {Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {RuntimeInformation.OSDescription}, .NET {Environment.Version}",
            $"- Command: `bench/operator/run.sh` -> `OperatorBench {commandArguments}`",
            "- Builds (each `sensor-operator run` in its own process, against the in-process fake API server on the same cores):",
        };
        lines.AddRange(arguments.Variants.Select(Describe));
        lines.AddRange(
        [
            $"- Setup: stacks created at once in one namespace, observe interval {arguments.ObserveInterval.TotalSeconds:F0}s,",
            "  --qps 1000 --burst 2000 --max-concurrent-reconciles 4, leader election off. A stand-in deployment controller",
            "  makes pods Ready; every pod then reports 20Mi before the steady-state window. For each count the builds run",
            "  one after the other (order alternating), each against a fresh fake API server.",
            $"- Steady state: writes counted over {arguments.Steady.TotalSeconds:F0}s after two observe intervals of settling;",
            "  \"RSS holding the stacks\" is the operator's RSS at the end of that window, \"peak\" its high-water mark (VmHWM).",
            "",
            "| build | stacks | time to all Ready | idle RSS | peak RSS | RSS holding the stacks | API requests / stack | writes / stack | steady writes / min | of which status | steady requests / min |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]);
        foreach (var r in results)
        {
            lines.Add(Invariant(
                $"| {r.Variant} | {r.Stacks} | {r.TimeToReady.TotalSeconds:F1} s | {Mib(r.IdleRssBytes)} | {Mib(r.PeakRssBytes)} | {Mib(r.HoldingRssBytes)} | {(double)r.Requests / r.Stacks:F1} | {(double)r.Writes / r.Stacks:F1} | {r.SteadyWritesPerMinute:F1} | {r.SteadyStatusWritesPerMinute:F1} | {r.SteadyRequestsPerMinute:F1} |"));
        }

        lines.AddRange(
        [
            "",
            "Where the memory is (`/proc/PID/smaps_rollup`: anonymous = heap, GC heap, stacks, JIT code or NativeAOT's rehydrated",
            "type data; file-backed = code and data mapped from the binary, the framework and libraries; GC heap = the",
            "operator's own `dotnet_total_memory_bytes`, what the managed heap holds, measured after one /metrics scrape):",
            "",
            "| build | stacks | idle: anonymous | idle: file-backed | idle: GC heap | holding: anonymous | holding: file-backed | holding: GC heap |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]);
        foreach (var r in results)
        {
            lines.Add(Invariant(
                $"| {r.Variant} | {r.Stacks} | {Mib(r.IdleMemory.AnonymousBytes)} | {Mib(r.IdleMemory.FileBytes)} | {Mib(r.IdleMemory.GcHeapBytes)} | {Mib(r.HoldingMemory.AnonymousBytes)} | {Mib(r.HoldingMemory.FileBytes)} | {Mib(r.HoldingMemory.GcHeapBytes)} |"));
        }

        lines.AddRange(ReadyRatios(arguments, results));
        if (startups.Count > 0)
        {
            lines.AddRange(
            [
                "",
                "Start to /readyz (process start until /readyz answers 200: caches listed and watching; one SensorStack exists):",
                "",
                "| build | median | every start |",
                "|---|---:|---|",
            ]);
            lines.AddRange(startups.Select(s => Invariant(
                $"| {s.Variant} | {s.Median.TotalMilliseconds:F0} ms | {string.Join(", ", s.Times.Select(t => t.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)))} ms |")));
        }

        lines.AddRange(Targets.Verdicts(arguments, results, startups));
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>Time to all Ready of each build against the first JIT build of the same count.</summary>
    private static IEnumerable<string> ReadyRatios(BenchArguments arguments, IReadOnlyList<RunResult> results)
    {
        if (arguments.Variants.FirstOrDefault(v => v.IsJit) is not { } jit || arguments.Variants.Count < 2)
        {
            yield break;
        }

        yield return "";
        yield return $"Time to all Ready against {jit.Label} (same count, same run):";
        yield return "";
        yield return "| build | stacks | ratio |";
        yield return "|---|---:|---:|";
        foreach (var r in results.Where(r => r.Variant != jit.Label))
        {
            if (results.FirstOrDefault(b => b.Variant == jit.Label && b.Stacks == r.Stacks) is { } baseline)
            {
                yield return Invariant($"| {r.Variant} | {r.Stacks} | {r.TimeToReady / baseline.TimeToReady:F2}x |");
            }
        }
    }

    private static string Describe(OperatorVariant v)
    {
        var kind = v.IsJit ? "JIT, `dotnet` host, the runtime settings of its runtimeconfig.json" : $"NativeAOT binary, {new FileInfo(v.Path).Length / 1024.0 / 1024.0:F1} MiB";
        var environment = v.Environment.Count == 0 ? "" : ", environment " + string.Join(" ", v.Environment.Select(e => $"`{e.Key}={e.Value}`"));
        return $"  - {v.Label}: `{RelativePath(v.Path)}` ({kind}{environment})";
    }

    private static string RelativePath(string path)
    {
        var full = Path.GetFullPath(path);
        var cwd = Directory.GetCurrentDirectory();
        return full.StartsWith(cwd + "/", StringComparison.Ordinal) ? full[(cwd.Length + 1)..] : Path.GetFileName(full);
    }

    public static string Mib(long? bytes) => bytes is { } b ? Invariant($"{b / 1024.0 / 1024.0:F1} MiB") : "n/a";

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
