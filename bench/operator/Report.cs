using System.Globalization;
using System.Runtime.InteropServices;

namespace SensorStack.Bench.Operator;

/// <summary>The recorded result: machine, date and command first, then one row per stack count.</summary>
internal static class Report
{
    public static string Markdown(BenchArguments arguments, IReadOnlyList<RunResult> results, string commandArguments)
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
            $"- Setup: `sensor-operator run` (Release build, JIT, its own process, the runtime settings of its runtimeconfig.json) against the in-process fake API server",
            $"  (same machine, same cores), stacks created at once in one namespace, observe interval {arguments.ObserveInterval.TotalSeconds:F0}s,",
            "  --qps 1000 --burst 2000 --max-concurrent-reconciles 4, leader election off. A stand-in deployment controller",
            "  makes pods Ready; every pod then reports 20Mi before the steady-state window.",
            $"- Steady state: writes counted over {arguments.Steady.TotalSeconds:F0}s after two observe intervals of settling;",
            "  \"RSS holding the stacks\" is the operator's RSS at the end of that window, \"peak\" its high-water mark (VmHWM).",
            "",
            "| stacks | time to all Ready | operator idle RSS | operator peak RSS | RSS holding the stacks | API requests / stack | writes / stack | steady writes / min | of which status | steady requests / min |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        foreach (var r in results)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Stacks} | {r.TimeToReady.TotalSeconds:F1} s | {Mib(r.IdleRssBytes)} | {Mib(r.PeakRssBytes)} | {Mib(r.HoldingRssBytes)} | {(double)r.Requests / r.Stacks:F1} | {(double)r.Writes / r.Stacks:F1} | {r.SteadyWritesPerMinute:F1} | {r.SteadyStatusWritesPerMinute:F1} | {r.SteadyRequestsPerMinute:F1} |"));
        }

        lines.Add("");
        lines.Add("Targets (issue): 1,000 stacks Ready in <= 60 s; idle RSS <= 64 MiB; <= 128 MiB holding 1,000 stacks; no steady-state writes except status changes from new observations.");
        return string.Join('\n', lines) + "\n";
    }

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:F1} MiB");
}
