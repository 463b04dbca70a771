using SensorStack.Testing;
using k8s;
using k8s.Models;
using SensorOperator.Cli;
using SensorOperator.Tests.Api;

namespace SensorOperator.Tests.Render;

public class RenderCommandTests
{
    private static string Temp(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sensorstack-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, content);
        return path;
    }

    private static RenderRunner.Result RenderText(string yaml)
    {
        var path = Temp(yaml);
        try
        {
            var result = RenderRunner.Run("-f", path);
            return result with { Error = result.Error.Replace(path, "FILE", StringComparison.Ordinal) };
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_feasible_stack_renders_with_exit_0_and_nothing_on_stderr()
    {
        var result = RenderRunner.Run("-f", Samples.PathOf("default.yaml"));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Equal(12, ModelYaml.LoadAllFromString(result.Output).Count);
    }

    [Fact]
    public void An_infeasible_stack_exits_1_with_the_planners_message_and_prints_nothing()
    {
        var result = RenderRunner.Run("-f", Samples.PathOf("infeasible.yaml"));
        Assert.Equal(RenderCommand.Infeasible, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains("too-tight does not fit: LimitsExceedBudget: explicit memory limits take 256Mi", result.Error);
    }

    [Fact]
    public void A_missing_file_exits_2_naming_it()
    {
        var result = RenderRunner.Run("-f", "/nonexistent/stack.yaml");
        Assert.Equal(RenderCommand.InvalidInput, result.ExitCode);
        Assert.StartsWith("/nonexistent/stack.yaml: cannot read", result.Error);
    }

    [Fact]
    public void No_file_option_exits_2()
    {
        var result = RenderRunner.Run();
        Assert.Equal(RenderCommand.InvalidInput, result.ExitCode);
        Assert.Contains("-f FILE is required", result.Error);
    }

    [Theory]
    [InlineData("memoryBudget: 448Mi", "memoryBudjet: 448Mi", "unknown field \"spec.memoryBudjet\"")]
    [InlineData("replicas: 1", "replicaz: 1", "unknown field \"spec.sensor.replicaz\"")]
    [InlineData("enabled: true", "enabeld: true", "unknown field \"spec.grafana.enabeld\"")]
    [InlineData("  namespace: sensors", "  namespace: sensors\n  lables: {}", "unknown field \"metadata.lables\"")]
    [InlineData("spec:", "sepc: {}\nspec:", "unknown field \"sepc\"")]
    public void A_misspelled_field_exits_2_naming_file_line_and_field(string from, string to, string expected)
    {
        var result = RenderText(Samples.Text("default.yaml").Replace(from, to, StringComparison.Ordinal));
        Assert.Equal(RenderCommand.InvalidInput, result.ExitCode);
        Assert.Matches(@"^FILE:\d+:\d+: ", result.Error);
        Assert.Contains(expected, result.Error);
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData("memoryBudget: 448Mi", "memoryBudget: 300MB", "spec.memoryBudget: \"300MB\" is not a Kubernetes quantity")]
    [InlineData("scrapeInterval: 30s", "scrapeInterval: 5s", "spec.scrapeInterval: \"5s\" is shorter than the minimum of 10s")]
    [InlineData("retention: 1d", "retention: 12h", "spec.victoriaMetrics.retention: \"12h\" is shorter than VictoriaMetrics' minimum retention of 1d")]
    public void An_invalid_value_exits_2_naming_file_and_field(string from, string to, string expected)
    {
        var result = RenderText(Samples.Text("default.yaml").Replace(from, to, StringComparison.Ordinal));
        Assert.Equal(RenderCommand.InvalidInput, result.ExitCode);
        Assert.StartsWith($"FILE: SensorStack sensors/demo: {expected}", result.Error);
    }

    [Theory]
    [InlineData("replicas: 1", "replicas: one",
        "FILE:11:5: spec.sensor.replicas: Invalid value: \"string\": spec.sensor.replicas in body must be of type integer: \"string\"")]
    [InlineData("replicas: 1", "replicas: 0",
        "FILE:11:5: spec.sensor.replicas: Invalid value: 0: spec.sensor.replicas in body should be greater than or equal to 1")]
    [InlineData("retention: 1d", "retention: 1m",
        "FILE:13:5: spec.victoriaMetrics.retention: Invalid value: \"1m\": spec.victoriaMetrics.retention in body should match '^[1-9][0-9]{0,5}(h|d|w|y)?$'")]
    [InlineData("enabled: true", "enabled: \"yes\"",
        "FILE:15:5: spec.grafana.enabled: Invalid value: \"string\": spec.grafana.enabled in body must be of type boolean: \"string\"")]
    public void A_value_the_schema_refuses_exits_2_with_the_API_servers_words_and_its_position(string from, string to, string expected)
    {
        var result = RenderText(Samples.Text("default.yaml").Replace(from, to, StringComparison.Ordinal));
        Assert.Equal(RenderCommand.InvalidInput, result.ExitCode);
        Assert.Equal(expected, result.Error.TrimEnd());
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", "FILE:1:1: document 1 is v1/ConfigMap, not sensorstack.io/v1alpha1/SensorStack")]
    [InlineData("apiVersion: sensorstack.io/v1beta1\nkind: SensorStack\nspec: {memoryBudget: 1Gi}\n", "FILE:1:1: document 1 is sensorstack.io/v1beta1/SensorStack, not sensorstack.io/v1alpha1/SensorStack")]
    [InlineData("just a string\n", "FILE:1:1: document 1 is not a mapping")]
    [InlineData("spec: [unclosed\n", "FILE:2:1: ")]
    [InlineData("", "FILE: no SensorStack found")]
    [InlineData("apiVersion: sensorstack.io/v1alpha1\nkind: SensorStack\nmetadata: {name: x}\n", "FILE:1:1: spec: Required value")]
    [InlineData("apiVersion: sensorstack.io/v1alpha1\nkind: SensorStack\nmetadata: {name: x}\nspec: {memoryBudget: 1Gi}\nspec: {memoryBudget: 2Gi}\n", "FILE:5:1: Duplicate key spec")]
    [InlineData("apiVersion: sensorstack.io/v1alpha1\nkind: SensorStack\nspec: {memoryBudget: 1Gi}\n", "FILE: SensorStack : metadata.name: \"\" must be a DNS label")]
    public void Other_kinds_broken_yaml_and_incomplete_stacks_exit_2_saying_where(string yaml, string expected)
    {
        var result = RenderText(yaml);
        Assert.Equal(RenderCommand.InvalidInput, result.ExitCode);
        Assert.StartsWith(expected, result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void Empty_documents_and_comments_between_stacks_are_skipped()
    {
        var result = RenderText("---\n# nothing here\n---\n" + Samples.Text("minimal.yaml") + "---\n");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("name: minimal-sensor", result.Output);
    }

    [Fact]
    public void Several_stacks_render_in_file_order_and_one_bad_stack_prints_nothing()
    {
        var two = Samples.Text("minimal.yaml") + "---\n" + Samples.Text("default.yaml");
        var result = RenderText(two);
        Assert.Equal(0, result.ExitCode);
        var instances = ModelYaml.LoadAllFromString(result.Output).Cast<IKubernetesObject<V1ObjectMeta>>()
            .Select(o => o.Metadata.Labels["app.kubernetes.io/instance"]).Distinct();
        Assert.Equal(["minimal", "demo"], instances);

        var withBad = two + "---\n" + Samples.Text("infeasible.yaml");
        var failed = RenderText(withBad);
        Assert.Equal(RenderCommand.Infeasible, failed.ExitCode);
        Assert.Equal("", failed.Output);
    }

    [Fact]
    public void The_sensor_image_option_replaces_the_default_but_not_an_image_in_the_spec()
    {
        var result = RenderRunner.Run("-f", Samples.PathOf("minimal.yaml"), "--sensor-image", "registry.example/sensor:abc123");
        var deployment = ModelYaml.LoadAllFromString(result.Output).OfType<V1Deployment>().Single(d => d.Metadata.Name == "minimal-sensor");
        Assert.Equal("registry.example/sensor:abc123", deployment.Spec.Template.Spec.Containers.Single().Image);

        var pinned = Samples.Text("minimal.yaml") + "  sensor:\n    image: registry.example/pinned:1\n";
        var path = Temp(pinned);
        try
        {
            var own = RenderRunner.Run("-f", path, "--sensor-image", "registry.example/sensor:abc123");
            Assert.Contains("image: registry.example/pinned:1", own.Output);
            Assert.DoesNotContain("abc123", own.Output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Output_of_a_stack_read_from_the_cluster_carries_owner_references()
    {
        var withUid = Samples.Text("minimal.yaml").Replace("  namespace: sensors", "  namespace: sensors\n  uid: 3c1e6a52-5d0b-4f4e-9a59-2f8b3a1c0d11", StringComparison.Ordinal);
        var result = RenderText(withUid);
        Assert.Equal(0, result.ExitCode);
        Assert.All(ModelYaml.LoadAllFromString(result.Output).Cast<IKubernetesObject<V1ObjectMeta>>(),
            o => Assert.Equal("3c1e6a52-5d0b-4f4e-9a59-2f8b3a1c0d11", Assert.Single(o.Metadata.OwnerReferences).Uid));
    }

    [Fact]
    public void Standard_input_is_read_for_a_dash()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = RenderCommand.Run("-", null, false, output, error, new StringReader(Samples.Text("minimal.yaml")));
        Assert.Equal(0, exit);
        Assert.Contains("name: minimal-vm", output.ToString());
    }

    [Fact]
    public void Help_documents_the_file_option_and_the_exit_codes()
    {
        var result = RenderRunner.Run("--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("-f, --filename", result.Output);
        Assert.Contains("--sensor-image", result.Output);
        Assert.Contains("1 a stack does not fit its memory budget", result.Output);
        Assert.Contains("2 FILE is unreadable or invalid", result.Output);
    }
}
