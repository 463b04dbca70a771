using k8s.Models;
using SensorOperator.Planning;
using SensorStack.ChartTests.Support;
using SensorStack.Testing;
using YamlDotNet.RepresentationModel;

namespace SensorStack.ChartTests;

/// <summary>
/// One version for a release: the chart's appVersion is the tag of the operator image the chart
/// deploys, of the chart's sensorImage default and of the operator's own --sensor-image default;
/// .github/workflows/release.yml refuses a tag that is not v + appVersion. The release workflow
/// runs these tests before it builds anything.
/// </summary>
public class ReleaseVersionTests
{
    private static string AppVersion => Scalar(Load(Path.Combine(Chart.Directory, "Chart.yaml")), "appVersion");

    [Fact]
    public void The_operator_image_the_chart_deploys_is_tagged_with_appVersion()
    {
        var values = Load(Path.Combine(Chart.Directory, "values.yaml"));
        var image = (YamlMappingNode)values.Children[new YamlScalarNode("image")];
        Assert.Equal("", Scalar(image, "tag")); // empty tag: the template falls back to appVersion

        var container = Chart.Render().OfType<V1Deployment>().Single().Spec.Template.Spec.Containers.Single();

        Assert.Equal($"{Scalar(image, "repository")}:{AppVersion}", container.Image);
    }

    [Fact]
    public void The_sensor_image_defaults_of_chart_and_operator_are_one_image_tagged_with_appVersion()
    {
        var values = Load(Path.Combine(Chart.Directory, "values.yaml"));
        var args = Chart.Render().OfType<V1Deployment>().Single().Spec.Template.Spec.Containers.Single().Args;
        var sensorImage = args[args.IndexOf("--sensor-image") + 1];

        Assert.Equal(Scalar(values, "sensorImage"), sensorImage);
        Assert.Equal(PlannerDefaults.DefaultSensorImage, sensorImage);
        Assert.EndsWith($":{AppVersion}", sensorImage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_release_workflow_accepts_v_plus_appVersion_and_names_the_owner_in_lowercase()
    {
        var (result, output) = RunVersionCheck($"v{AppVersion}");

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains($"version={AppVersion}", output, StringComparison.Ordinal);
        Assert.Contains("owner=sensorstack", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v99.0.0")]
    [InlineData("0.1.0")]
    [InlineData("v0.1.0-rc.1")]
    public void The_release_workflow_refuses_a_tag_that_disagrees_with_appVersion(string tag)
    {
        Assert.NotEqual($"v{AppVersion}", tag);

        var (result, output) = RunVersionCheck(tag);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"::error::tag {tag} is not v + the chart's appVersion ({AppVersion})", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    /// <summary>The workflow's own check step, run as GitHub runs a `run:` script (bash -eo pipefail).</summary>
    private static (ToolResult Result, string Output) RunVersionCheck(string tag)
    {
        var workflow = Load(Path.Combine(RepositoryRoot.Path, ".github", "workflows", "release.yml"));
        var jobs = (YamlMappingNode)workflow.Children[new YamlScalarNode("jobs")];
        var steps = (YamlSequenceNode)((YamlMappingNode)jobs.Children[new YamlScalarNode("check")]).Children[new YamlScalarNode("steps")];
        var step = steps.Cast<YamlMappingNode>().Single(s => s.Children.TryGetValue(new YamlScalarNode("id"), out var id) && id.ToString() == "version");
        var script = Scalar(step, "run");

        var output = Path.GetTempFileName();
        try
        {
            var result = ToolRun.Run(RequiredTool.Find("bash"), "--noprofile", "--norc", "-eo", "pipefail", "-c",
                $"export GITHUB_REF_NAME='{tag}' GITHUB_REPOSITORY_OWNER=SensorStack GITHUB_OUTPUT='{output}'\n{script}");
            return (result, File.ReadAllText(output));
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value ?? "";
}
