using System.Text.RegularExpressions;
using SensorStack.ChartTests.Support;
using SensorStack.Testing;

namespace SensorStack.ChartTests;

/// <summary>
/// One pin and one installer per tool (hack/lib/pinned-tools.sh), the README's tool table agreeing
/// with it, and an installer that stops where a download fails instead of handing on a path to
/// nothing.
/// </summary>
public partial class ToolPinTests
{
    private static string Hack => Path.Combine(RepositoryRoot.Path, "hack");

    private static string PinsFile => Path.Combine(Hack, "lib", "pinned-tools.sh");

    private static Dictionary<string, string> Versions() => VersionLine().Matches(File.ReadAllText(PinsFile))
        .ToDictionary(m => m.Groups["tool"].Value, m => m.Groups["version"].Value);

    [Fact]
    public void The_readme_tool_table_names_the_pinned_versions()
    {
        var versions = Versions();
        Assert.Equal(["HELM", "K3D", "KIND", "KUBECTL", "METRICS_SERVER_CHART"], versions.Keys.Order(StringComparer.Ordinal));
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "README.md"));

        foreach (var (tool, row) in new[] { ("KIND", "kind"), ("K3D", "k3d"), ("KUBECTL", "kubectl"), ("HELM", "helm"), ("METRICS_SERVER_CHART", "metrics-server") })
        {
            var line = Assert.Single(readme, l => l.StartsWith($"| {row} | ", StringComparison.Ordinal));
            Assert.Matches($@"(^|[^0-9.]){Regex.Escape(versions[tool])}([^0-9.]|$)", line);
        }
    }

    [Fact]
    public void No_other_script_names_a_pinned_version()
    {
        var versions = Versions().Values.ToList();
        var scripts = Directory.GetFiles(Hack, "*.sh", SearchOption.AllDirectories)
            .Append(Path.Combine(RepositoryRoot.Path, ".ci", "run"))
            .Where(f => f != PinsFile);

        foreach (var script in scripts)
        {
            var text = File.ReadAllText(script);
            Assert.All(versions, v => Assert.DoesNotContain(v, text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_failed_download_stops_the_script_where_it_failed()
    {
        var result = ResolveKind("download() { return 22; }");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: kind: download of https://github.com/kubernetes-sigs/kind/releases/download/", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("reached", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void A_download_that_disagrees_with_its_checksums_stops_the_script_and_installs_nothing()
    {
        // The binary and its published checksum file both come back as the text "tampered".
        var result = ResolveKind("""download() { echo tampered > "$2"; }""");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: kind-", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("tampered", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("reached", result.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs resolve_tool for kind the way hack/kind-up.sh does (set -euo pipefail, USE_PINNED_TOOLS,
    /// a fresh .tools/bin), with the download function replaced so no network is involved.
    /// </summary>
    private static ToolResult ResolveKind(string download)
    {
        var bin = Directory.CreateTempSubdirectory("tool-pin-test-");
        try
        {
            var script = $"""
                set -euo pipefail
                source hack/lib/pinned-tools.sh
                tools_bin='{bin.FullName}'
                {download}
                USE_PINNED_TOOLS=true
                resolve_tool KIND kind
                echo "reached with $KIND"
                """;
            var result = ToolRun.Run(RequiredTool.Find("bash"), "-c", script);
            Assert.Empty(bin.EnumerateFileSystemInfos());
            return result;
        }
        finally
        {
            bin.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"^(?<tool>[A-Z0-9_]+)_VERSION=""(?<version>[^""]+)""", RegexOptions.Multiline)]
    private static partial Regex VersionLine();
}
