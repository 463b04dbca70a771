using SensorStack.ChartTests.Support;
using SensorStack.Testing;

namespace SensorStack.ChartTests;

/// <summary>
/// hack/test.sh is the one test command: it installs the Debian packages of
/// hack/lib/test-packages.sh itself, and where it cannot it prints the install line and what will
/// not run. .ci/run adds only CI=true.
/// </summary>
public class TestCommandTests
{
    [Fact]
    public void Without_root_a_missing_package_gets_the_exact_install_line_and_the_tiers_it_costs()
    {
        var result = Ensure(ci: false);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("sudo apt-get install -y --no-install-recommends nosuch-test-package", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("nosuch-test-package: the imaginary tier", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void With_CI_true_a_package_that_cannot_be_installed_fails_the_run()
    {
        var result = Ensure(ci: true);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("missing packages: nosuch-test-package", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Ci_run_installs_nothing_itself_and_runs_the_test_command_with_CI_true()
    {
        var run = string.Join('\n', File.ReadAllLines(Path.Combine(RepositoryRoot.Path, ".ci", "run")).Where(l => !l.StartsWith('#')));
        var test = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "hack", "test.sh"));

        Assert.DoesNotContain("apt-get", run, StringComparison.Ordinal);
        Assert.DoesNotContain("hack/tools.sh", run, StringComparison.Ordinal);
        Assert.Contains("CI=true exec hack/test.sh", run, StringComparison.Ordinal);
        Assert.Contains("ensure_test_packages", test, StringComparison.Ordinal);
        Assert.Contains("hack/tools.sh", test, StringComparison.Ordinal);
    }

    /// <summary>The installer as a non-root user would meet it, with one package that is not there.</summary>
    private static ToolResult Ensure(bool ci)
    {
        var script = $$"""
            set -euo pipefail
            source hack/lib/test-packages.sh
            id() { echo 1000; }
            test_packages+=("nosuch-test-package - the imaginary tier")
            CI={{(ci ? "true" : "false")}} ensure_test_packages
            """;
        return ToolRun.Run(RequiredTool.Find("bash"), "-c", script);
    }
}
