using System.Diagnostics;
using SensorStack.Testing;

namespace SensorOperator.Tests.Api;

/// <summary>The CRD and samples are hand-written YAML that users read: they pass yamllint.</summary>
public class ConfigLintTests
{
    // The repository's yamllint settings: defaults with 120-character lines.
    private const string Config = "{extends: default, rules: {line-length: {max: 120}, truthy: {check-keys: false}, document-start: disable}}";

    [Fact]
    public async Task The_crd_and_samples_pass_yamllint()
    {
        var yamllint = RequiredTool.Find("yamllint");
        var start = new ProcessStartInfo(yamllint) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--strict", "-d", Config, Samples.CrdPath })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var sample in Directory.GetFiles(Samples.Directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            start.ArgumentList.Add(sample);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"yamllint: {await output}{await error}");
    }
}
