namespace SensorStack.Bench.Operator;

/// <summary>Command line of the benchmark; every value is checked before anything starts.</summary>
internal sealed record BenchArguments(string OperatorPath, IReadOnlyList<int> Counts, TimeSpan Steady, TimeSpan ObserveInterval, TimeSpan Timeout, string? Output)
{
    public static BenchArguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        var path = values.GetValueOrDefault("--operator") ?? throw new ArgumentException("--operator PATH/sensor-operator.dll is required");
        if (!File.Exists(path))
        {
            throw new ArgumentException($"--operator: \"{path}\" does not exist (build src/Operator first)");
        }

        var counts = (values.GetValueOrDefault("--counts") ?? "1,100,1000").Split(',').Select(int.Parse).ToList();
        if (counts.Any(c => c is < 1 or > 5000))
        {
            throw new ArgumentException("--counts: each count must be between 1 and 5000");
        }

        return new BenchArguments(
            path,
            counts,
            TimeSpan.FromSeconds(int.Parse(values.GetValueOrDefault("--steady") ?? "60")),
            TimeSpan.FromSeconds(int.Parse(values.GetValueOrDefault("--observe-interval") ?? "10")),
            TimeSpan.FromSeconds(int.Parse(values.GetValueOrDefault("--timeout") ?? "300")),
            values.GetValueOrDefault("--out"));
    }
}
