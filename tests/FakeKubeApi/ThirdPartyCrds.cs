namespace SensorStack.FakeKubeApi;

/// <summary>
/// CRDs of other projects, byte for byte as they publish them (header comments name the origin),
/// carried as resources so tests can install them on any machine: the objects the operator writes
/// are then validated against the real schema, not against a copy written here.
/// </summary>
public static class ThirdPartyCrds
{
    /// <summary>The VictoriaMetrics operator's VMServiceScrape (operator.victoriametrics.com/v1beta1).</summary>
    public const string VMServiceScrapes = "vmservicescrapes.operator.victoriametrics.com";

    /// <summary>The VictoriaMetrics operator's VMRule (operator.victoriametrics.com/v1beta1).</summary>
    public const string VMRules = "vmrules.operator.victoriametrics.com";

    /// <summary>The CRD file's text.</summary>
    public static string Yaml(string name)
    {
        using var stream = typeof(ThirdPartyCrds).Assembly.GetManifestResourceStream($"ThirdPartyCrds/{name}.yaml")
            ?? throw new ArgumentException($"no third-party CRD named '{name}' (known: {VMServiceScrapes}, {VMRules})", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
