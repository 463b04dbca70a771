using SensorStack.ChartTests.Support;
using SensorStack.Testing;

namespace SensorStack.ChartTests;

/// <summary>The hand-written YAML (chart metadata, values, scenarios, workflows) passes yamllint.</summary>
public class YamlLintTests
{
    // yamllint's defaults, with longer lines allowed and GitHub's `on:` key accepted.
    private const string Config = "{extends: default, rules: {line-length: {max: 120}, truthy: {check-keys: false}, document-start: disable}}";

    [Fact]
    public void Chart_values_scenarios_and_workflows_pass_yamllint()
    {
        var yamllint = RequiredTool.Find("yamllint");
        var files = new List<string>
        {
            Path.Combine(Chart.Directory, "Chart.yaml"),
            Path.Combine(Chart.Directory, "values.yaml"),
        };
        files.AddRange(Directory.GetFiles(Path.Combine(Chart.Directory, "ci"), "*.yaml"));
        files.AddRange(Directory.GetFiles(Path.Combine(RepositoryRoot.Path, ".github", "workflows"), "*.yml"));

        var result = ToolRun.Run(yamllint, ["--strict", "-d", Config, .. files]);

        Assert.True(result.ExitCode == 0, $"yamllint: {result.Describe()}");
    }
}
