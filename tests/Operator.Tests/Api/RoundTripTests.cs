using SensorStack.Testing;
using k8s;
using k8s.Models;
using SensorOperator.Api;
using YamlDotNet.Core;

namespace SensorOperator.Tests.Api;

public class RoundTripTests
{
    [Theory]
    [MemberData(nameof(Samples.Names), MemberType = typeof(Samples))]
    public void Every_sample_loads_strictly_and_round_trips_through_yaml_and_json(string sample)
    {
        var stack = Samples.Load(sample);
        Assert.Equal("sensorstack.io/v1alpha1", stack.ApiVersion);
        Assert.Equal("SensorStack", stack.Kind);
        Assert.False(string.IsNullOrEmpty(stack.Spec.MemoryBudget));

        var json = Json(stack);
        var fromJson = FromJson(json);
        Assert.Equal(json, Json(fromJson));

        var yaml = ModelYaml.Serialize(stack);
        var fromYaml = ModelYaml.Deserialize<V1Alpha1SensorStack>(yaml, strict: true);
        Assert.Equal(json, Json(fromYaml));
    }

    [Fact]
    public void The_default_sample_reads_as_the_user_wrote_it()
    {
        var stack = Samples.Load("default.yaml");
        Assert.Equal("demo", stack.Metadata.Name);
        Assert.Equal("sensors", stack.Metadata.NamespaceProperty);
        Assert.Equal("448Mi", stack.Spec.MemoryBudget);
        Assert.Equal("30s", stack.Spec.ScrapeInterval);
        Assert.Equal(1, stack.Spec.Sensor?.Replicas);
        Assert.Equal("1d", stack.Spec.VictoriaMetrics?.Retention);
        Assert.True(stack.Spec.Grafana?.Enabled);
    }

    [Fact]
    public void Json_uses_the_crd_field_names_and_leaves_unset_fields_out()
    {
        var json = Json(Samples.Load("explicit-limits.yaml"));
        Assert.Contains("\"memoryBudget\":\"512Mi\"", json);
        Assert.Contains("\"victoriaMetrics\":{\"retention\":\"2w\"}", json);
        Assert.Contains("\"sensor\":{\"memoryLimit\":\"48Mi\",\"replicas\":2}", json);
        Assert.DoesNotContain("null", json);
        Assert.DoesNotContain("\"status\"", json);
    }

    [Fact]
    public void A_status_with_conditions_round_trips_through_json_as_the_api_server_sends_it()
    {
        const string json = """
            {"apiVersion":"sensorstack.io/v1alpha1","kind":"SensorStack",
             "metadata":{"name":"demo","namespace":"sensors","generation":3,"uid":"0b6c1f9e-2c64-4c1e-9d7c-1f2a3b4c5d6e"},
             "spec":{"memoryBudget":"300Mi","scrapeInterval":"30s","sensor":{"replicas":1},"victoriaMetrics":{"retention":"1d"},"grafana":{"enabled":false}},
             "status":{"observedGeneration":3,"budget":"300Mi","allocated":"300Mi","used":"118Mi",
               "components":[{"name":"sensor","limit":"85Mi","used":"24Mi","readyReplicas":1,"oomKills":0}],
               "conditions":[{"type":"WithinBudget","status":"True","reason":"WithinBudget","message":"118Mi of 300Mi","observedGeneration":3,"lastTransitionTime":"2026-01-02T03:04:05Z"}]}}
            """;
        var stack = FromJson(json);

        Assert.Equal(3, stack.Status?.ObservedGeneration);
        var component = Assert.Single(stack.Status!.Components!);
        Assert.Equal(("sensor", "85Mi", 1, 0), (component.Name, component.Limit, component.ReadyReplicas, component.OomKills));
        var condition = Assert.Single(stack.Status.Conditions!);
        Assert.Equal(ConditionTypes.WithinBudget, condition.Type);
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), condition.LastTransitionTime);

        var again = FromJson(Json(stack));
        Assert.Equal(Json(stack), Json(again));
        Assert.Contains("\"lastTransitionTime\":\"2026-01-02T03:04:05Z\"", Json(again));
    }

    [Fact]
    public void Generic_code_asking_for_the_status_of_a_new_object_gets_an_empty_one()
    {
        var stack = Samples.Load("minimal.yaml");
        Assert.Null(stack.Status);
        var status = ((IStatus<SensorStackStatus>)stack).Status;
        Assert.NotNull(status);
        Assert.Same(status, stack.Status);
    }

    [Fact]
    public void Strict_yaml_loading_refuses_a_misspelled_field()
    {
        var yaml = Samples.Text("minimal.yaml").Replace("memoryBudget", "memoryBudjet", StringComparison.Ordinal);
        var e = Assert.ThrowsAny<System.Text.Json.JsonException>(() => ModelYaml.Deserialize<V1Alpha1SensorStack>(yaml, strict: true));
        Assert.Contains("memoryBudjet", e.ToString());
    }

    /// <summary>The operator's own source-generated JSON of a stack, as it sends and reads it.</summary>
    private static string Json(V1Alpha1SensorStack stack) => System.Text.Json.JsonSerializer.Serialize(stack, OperatorJsonContext.Default.V1Alpha1SensorStack);

    private static V1Alpha1SensorStack FromJson(string json) => System.Text.Json.JsonSerializer.Deserialize(json, OperatorJsonContext.Default.V1Alpha1SensorStack)!;
}
