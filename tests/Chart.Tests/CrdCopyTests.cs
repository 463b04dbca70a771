using SensorStack.ChartTests.Support;
using SensorStack.Testing;

namespace SensorStack.ChartTests;

/// <summary>The chart ships the CRD from config/crds unchanged (hack/sync-crds.sh copies it).</summary>
public class CrdCopyTests
{
    private static string SourceDirectory => Path.Combine(RepositoryRoot.Path, "config", "crds");

    private static string ChartCrdDirectory => Path.Combine(Chart.Directory, "crds");

    [Fact]
    public void Chart_crds_are_byte_identical_to_config_crds()
    {
        var sources = Directory.GetFiles(SourceDirectory, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var copies = Directory.Exists(ChartCrdDirectory)
            ? Directory.GetFiles(ChartCrdDirectory, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()
            : [];

        Assert.NotEmpty(sources);
        Assert.True(sources.SequenceEqual(copies), $"config/crds has [{string.Join(", ", sources)}], the chart has [{string.Join(", ", copies)}]; run hack/sync-crds.sh");
        foreach (var name in sources)
        {
            var source = File.ReadAllBytes(Path.Combine(SourceDirectory, name!));
            var copy = File.ReadAllBytes(Path.Combine(ChartCrdDirectory, name!));
            Assert.True(source.AsSpan().SequenceEqual(copy), $"charts/sensor-stack/crds/{name} differs from config/crds/{name}; run hack/sync-crds.sh");
        }
    }

    [Fact]
    public void The_sync_script_reports_drift_without_changing_anything()
    {
        var bash = RequiredTool.Find("bash");

        var result = ToolRun.Run(bash, Path.Combine(RepositoryRoot.Path, "hack", "sync-crds.sh"), "--check");

        Assert.True(result.ExitCode == 0, $"hack/sync-crds.sh --check: {result.Describe()}");
    }
}
