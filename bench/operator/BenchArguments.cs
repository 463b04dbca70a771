namespace SensorStack.Bench.Operator;

/// <summary>One operator build under test: a JIT <c>sensor-operator.dll</c> (run with <c>dotnet</c>) or a native binary, plus environment.</summary>
internal sealed record OperatorVariant(string Label, string Path, IReadOnlyDictionary<string, string> Environment)
{
    public bool IsJit => Path.EndsWith(".dll", StringComparison.Ordinal);

    /// <summary><c>LABEL=PATH</c> or <c>LABEL=PATH;NAME=VALUE;...</c> (environment variables of that process, e.g. DOTNET_gcServer=0).</summary>
    public static OperatorVariant Parse(string text)
    {
        var parts = text.Split(';');
        var head = parts[0].Split('=', 2);
        if (head.Length != 2 || head[0].Length == 0 || head[1].Length == 0)
        {
            throw new ArgumentException($"--variant \"{text}\": expected LABEL=PATH[;NAME=VALUE...]");
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in parts.Skip(1))
        {
            var kv = pair.Split('=', 2);
            if (kv.Length != 2 || kv[0].Length == 0)
            {
                throw new ArgumentException($"--variant \"{text}\": \"{pair}\" is not NAME=VALUE");
            }

            environment[kv[0]] = kv[1];
        }

        return Checked(new OperatorVariant(head[0], head[1], environment));
    }

    public static OperatorVariant Checked(OperatorVariant variant)
    {
        if (!File.Exists(variant.Path))
        {
            throw new ArgumentException($"{variant.Label}: \"{variant.Path}\" does not exist (build or publish src/Operator first)");
        }

        return variant;
    }
}

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
