namespace SensorStack.Bench.Operator;

/// <summary>Command line of the benchmark; every value is checked before anything starts.</summary>
internal sealed record BenchArguments(
    IReadOnlyList<OperatorVariant> Variants, IReadOnlyList<int> Counts, TimeSpan Steady, TimeSpan ObserveInterval, TimeSpan Timeout,
    int StartupRepeats, string? Output)
{
    public static BenchArguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var variants = new List<OperatorVariant>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                // --operator: the JIT build (kept for the old command line); --aot: the NativeAOT binary.
                case "--operator":
                    variants.Add(OperatorVariant.Checked(new OperatorVariant("JIT", args[i + 1], new Dictionary<string, string>())));
                    break;
                case "--aot":
                    variants.Add(OperatorVariant.Checked(new OperatorVariant("AOT", args[i + 1], new Dictionary<string, string>())));
                    break;
                case "--variant":
                    variants.Add(OperatorVariant.Parse(args[i + 1]));
                    break;
                default:
                    values[args[i]] = args[i + 1];
                    break;
            }
        }

        if (variants.Count == 0)
        {
            throw new ArgumentException("give at least one build: --operator PATH/sensor-operator.dll, --aot PATH/sensor-operator or --variant LABEL=PATH");
        }

        if (variants.Select(v => v.Label).Distinct(StringComparer.Ordinal).Count() != variants.Count)
        {
            throw new ArgumentException("every build needs its own label");
        }

        var counts = (values.GetValueOrDefault("--counts") ?? "1,100,1000").Split(',').Select(int.Parse).ToList();
        if (counts.Any(c => c is < 1 or > 5000))
        {
            throw new ArgumentException("--counts: each count must be between 1 and 5000");
        }

        var startupRepeats = int.Parse(values.GetValueOrDefault("--startup-repeats") ?? "5");
        if (startupRepeats is < 0 or > 50)
        {
            throw new ArgumentException("--startup-repeats: between 0 and 50");
        }

        return new BenchArguments(
            variants,
            counts,
            TimeSpan.FromSeconds(int.Parse(values.GetValueOrDefault("--steady") ?? "60")),
            TimeSpan.FromSeconds(int.Parse(values.GetValueOrDefault("--observe-interval") ?? "10")),
            TimeSpan.FromSeconds(int.Parse(values.GetValueOrDefault("--timeout") ?? "300")),
            startupRepeats,
            values.GetValueOrDefault("--out"));
    }
}
