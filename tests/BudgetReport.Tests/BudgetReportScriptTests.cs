using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using SensorStack.Testing;

namespace SensorStack.BudgetReportTests;

/// <summary>
/// Runs hack/budget-report.sh --quick for real: the NativeAOT sensor and VictoriaMetrics with the
/// limits and flags `sensor-operator render` gives the default sample, Prometheus beside them, 30 s of
/// load. Then reads the report a user would read.
/// </summary>
public sealed partial class BudgetReportScriptTests
{
    // Publish (NativeAOT, about a minute on 2 cores), 30 s of load, at most one scrape interval more.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task The_quick_report_of_the_default_sample_stays_within_budget_and_VictoriaMetrics_stores_the_sensors_series()
    {
        foreach (var tool in new[] { "victoria-metrics", "prometheus", "hey", "curl" })
        {
            RequiredTool.Find(tool);
        }

        var output = Directory.CreateTempSubdirectory("budget-report-test-");
        try
        {
            var report = Path.Combine(output.FullName, "budget-report.md");
            var (exitCode, log) = await RunAsync(Path.Combine(RepositoryRoot.Path, "hack", "budget-report.sh"), "--quick", "--out", report);

            Assert.True(File.Exists(report), $"no report was written; the script said:\n{log}");
            Assert.True(File.Exists(Path.ChangeExtension(report, ".svg")), "no chart beside the report");
            var markdown = await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken);
            Assert.True(exitCode == 0, $"exit code {exitCode}; report:\n{markdown}\nscript:\n{log}");
            Assert.Contains("**Result: PASS**", markdown, StringComparison.Ordinal);

            // Within budget: the total's peak (Grafana counted at its limit when enabled) under the
            // default sample's 448Mi.
            var total = Row(markdown, "**Total**");
            var peak = MiB(total[2]);
            var allocated = MiB(total[4]);
            Assert.InRange(peak, 1, 448);
            Assert.InRange(allocated, 1, 448);
            Assert.Equal("0", Row(markdown, "Sensor")[6]);
            Assert.Equal("0", Row(markdown, "VictoriaMetrics")[6]);

            // VictoriaMetrics scraped the sensor and stored its own series, histogram included.
            Assert.Equal("up", Row(markdown, "Target health")[1]);
            Assert.True(Number(Row(markdown, "Sensor series (`sensor_*`)")[1]) > 0, "VictoriaMetrics stored no sensor_* series");
            Assert.True(Number(Row(markdown, "Samples ingested")[1]) > 0, "VictoriaMetrics ingested no samples");
            Assert.DoesNotContain("Not stored: VictoriaMetrics holds no `sensor_cpu_spike_seconds_bucket`", markdown, StringComparison.Ordinal);

            // CI runs as root on a machine with a cgroup memory controller: the limits must be enforced
            // there, not silently replaced by the RSS fallback.
            if (RequiredTool.InCi && Environment.UserName == "root")
            {
                Assert.Contains("- Measured: cgroup", markdown, StringComparison.Ordinal);
            }
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    /// <summary>The cells of the first table row whose first cell is <paramref name="first"/>.</summary>
    private static string[] Row(string markdown, string first) =>
        markdown.Split('\n')
            .Where(l => l.StartsWith('|'))
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .FirstOrDefault(cells => cells[0] == first)
        ?? throw new Xunit.Sdk.XunitException($"the report has no table row '{first}':\n{markdown}");

    private static double MiB(string cell) =>
        MiBCell().Match(cell) is { Success: true } m
            ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new Xunit.Sdk.XunitException($"'{cell}' is not a MiB figure");

    private static double Number(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;

    [GeneratedRegex(@"([\d.]+) MiB")]
    private static partial Regex MiBCell();

    private static async Task<(int ExitCode, string Log)> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(script)
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {script}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM first: the script's trap stops what it started and removes its cgroups.
            Process.Start("bash", ["-c", $"kill -TERM {process.Id.ToString(CultureInfo.InvariantCulture)}"])?.WaitForExit();
            if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                process.Kill(entireProcessTree: true);
            }

            throw new Xunit.Sdk.XunitException($"hack/budget-report.sh did not finish within {Timeout}:\n{await stderr}");
        }

        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
