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
