using SensorStack.Bench.Operator;

namespace SensorStack.OperatorBenchTests;

public sealed class TargetsTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly string dir = Directory.CreateTempSubdirectory("operator-bench-targets").FullName;

    [Fact]
    public void Every_target_is_checked_for_the_aot_build_against_the_jit_build_of_the_same_run()
    {
        var arguments = Arguments();
        RunResult[] results =
        [
            Result("JIT", 1000, readySeconds: 10, idle: 110, peak: 250, holding: 220),
            Result("AOT", 1, readySeconds: 1, idle: 40, peak: 50, holding: 45),
            Result("AOT", 1000, readySeconds: 11, idle: 47, peak: 140, holding: 90),
        ];
        StartupResult[] startups = [new("AOT", [TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(400)])];

        var rows = Targets.Verdicts(arguments, results, startups).ToList();

        Assert.Contains("| idle RSS (highest of its runs) | <= 48 MiB | 47.0 MiB | yes |", rows);
        Assert.Contains("| RSS holding 1,000 stacks | <= 96 MiB | 90.0 MiB | yes |", rows);
        Assert.Contains("| peak RSS converging 1,000 stacks | <= 128 MiB | 140.0 MiB | **no** |", rows);
        Assert.Contains("| 1,000 stacks Ready | <= 1.2x JIT | 1.10x (11.0 s vs 10.0 s) | yes |", rows);
        Assert.Contains("| start to /readyz (1 stack, median) | <= 1 s | 400 ms | yes |", rows);
        Assert.Contains("| steady-state writes / min (highest count) | 0 | 0.0 | yes |", rows);
    }

    [Fact]
    public void A_figure_the_run_did_not_measure_says_so_instead_of_passing()
    {
        var rows = Targets.Verdicts(Arguments(), [Result("AOT", 100, readySeconds: 2, idle: 40, peak: 60, holding: 55)], []).ToList();

        Assert.Contains("| RSS holding 1,000 stacks | <= 96 MiB | not measured | - |", rows);
        Assert.Contains("| 1,000 stacks Ready | <= 1.2x JIT | not measured | - |", rows);
        Assert.Contains("| start to /readyz (1 stack, median) | <= 1 s | not measured | - |", rows);
    }

    [Fact]
    public void Without_an_aot_build_nothing_is_claimed()
    {
        var dll = Path.Combine(dir, "sensor-operator.dll");
        File.WriteAllText(dll, "");
        var rows = Targets.Verdicts(BenchArguments.Parse(["--operator", dll]), [Result("JIT", 1000, 10, 110, 250, 220)], []).ToList();

        Assert.Contains("Targets (issue): not checked, no NativeAOT build in this run.", rows);
        Assert.DoesNotContain(rows, r => r.Contains("yes", StringComparison.Ordinal));
    }

    private BenchArguments Arguments()
    {
        var dll = Path.Combine(dir, "sensor-operator.dll");
        var native = Path.Combine(dir, "sensor-operator");
        File.WriteAllText(dll, "");
        File.WriteAllText(native, "");
        return BenchArguments.Parse(["--operator", dll, "--aot", native]);
    }

    private static RunResult Result(string variant, int stacks, double readySeconds, long idle, long peak, long holding)
    {
        var memory = new MemorySample(holding * MiB, holding * MiB / 2, holding * MiB / 2, null);
        return new RunResult(
            variant, stacks, TimeSpan.FromSeconds(readySeconds), idle * MiB, peak * MiB, holding * MiB, stacks * 10, stacks * 9, 0, 0, 10,
            memory, memory);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
