using SensorStack.ChartTests.Support;
using SensorStack.Testing;

namespace SensorStack.ChartTests;

/// <summary>The hack/ scripts are shellcheck-clean and answer --help without doing anything.</summary>
public class ShellScriptTests
{
    private static string Hack => Path.Combine(RepositoryRoot.Path, "hack");

    [Fact]
    public void Every_hack_script_is_shellcheck_clean()
    {
        var shellcheck = RequiredTool.Find("shellcheck");
        var scripts = Directory.GetFiles(Hack, "*.sh", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(scripts);

        var result = ToolRun.Run(shellcheck, ["--external-sources", "--severity=style", .. scripts]);

        Assert.True(result.ExitCode == 0, $"shellcheck: {result.Describe()}");
    }

    [Theory]
    [InlineData("kind-up.sh", "PROVIDER")]
    [InlineData("kind-down.sh", "CLUSTER_NAME")]
    [InlineData("e2e.sh", "E2E_REQUIRED")]
    [InlineData("sync-crds.sh", "--check")]
    public void Help_describes_the_script_and_its_environment(string script, string mentioned)
    {
        var bash = RequiredTool.Find("bash");

        var result = ToolRun.Run(bash, Path.Combine(Hack, script), "--help");

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains(mentioned, result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("set -euo", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_provider_is_refused_before_anything_happens()
    {
        var bash = RequiredTool.Find("bash");
        var start = new System.Diagnostics.ProcessStartInfo(bash) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(Hack, "kind-down.sh"));
        start.Environment["PROVIDER"] = "minikube";

        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("PROVIDER must be kind or k3d", stderr, StringComparison.Ordinal);
    }
}
