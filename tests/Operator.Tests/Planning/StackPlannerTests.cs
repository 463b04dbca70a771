using SensorStack.Testing;
using k8s;
using k8s.Models;
using SensorOperator.Api;
using SensorOperator.Planning;
using SensorOperator.Tests.Api;
using static SensorOperator.Tests.Planning.StackFactory;

namespace SensorOperator.Tests.Planning;

public class StackPlannerTests
{
    private static Dictionary<string, long> Limits(StackPlan plan) => plan.Components.ToDictionary(c => c.Name, c => c.LimitBytes);

    [Fact]
    public void The_reference_448Mi_stack_with_Grafana_is_split_by_floors_and_weights()
    {
        var plan = Feasible(Samples.Load("default.yaml"));

        // Floors 32 + 64 + 256 = 352Mi; the other 96Mi goes 1:2:1 -> 24, 48, 24.
        Assert.Equal(new Dictionary<string, long>
        {
            [ComponentNames.Sensor] = Mi(56),
            [ComponentNames.VictoriaMetrics] = Mi(112),
            [ComponentNames.Grafana] = Mi(280),
        }, Limits(plan));
        Assert.Equal(Mi(448), plan.AllocatedBytes);
        Assert.Equal("448Mi", plan.Budget);
        Assert.Equal("448Mi", plan.Allocated);
        Assert.Equal(["56Mi", "112Mi", "280Mi"], plan.Components.Select(c => c.Limit));
    }

    [Fact]
    public void The_seed_300Mi_budget_no_longer_holds_Grafana()
    {
        var result = Infeasible(Stack("300Mi", s => s.Grafana = new GrafanaSpec { Enabled = true }));

        Assert.Equal(ConditionReasons.BudgetTooSmall, result.Reason);
        Assert.Equal("spec.memoryBudget 300Mi is below the 352Mi the components' floors need (sensor 32Mi + victoriaMetrics 64Mi + grafana 256Mi)", result.Message);
    }

    [Fact]
    public void Limits_are_whole_MiB_so_a_plan_may_leave_a_little_of_the_budget_unused()
    {
        var plan = Feasible(Samples.Load("minimal.yaml")); // 128Mi: 32Mi above the floors, 1:2
        Assert.Equal(Mi(42), Limits(plan)[ComponentNames.Sensor]);
        Assert.Equal(Mi(85), Limits(plan)[ComponentNames.VictoriaMetrics]);
        Assert.Equal(Mi(127), plan.AllocatedBytes);
        Assert.Equal(2, plan.Components.Count); // Grafana is off by default
    }

    [Fact]
    public void Replicas_multiply_the_sensors_share()
    {
        var plan = Feasible(Stack("300Mi", s => s.Sensor = new SensorSpec { Replicas = 3 }));

        // Floors 3 x 32 + 64 = 160Mi; 140Mi left: a third (46.6Mi) over 3 replicas is 15Mi each.
        var sensor = plan.Components[0];
        Assert.Equal((Mi(47), 3, Mi(141)), (sensor.LimitBytes, sensor.Replicas, sensor.TotalBytes));
        Assert.Equal(Mi(157), Limits(plan)[ComponentNames.VictoriaMetrics]);
        Assert.Equal(Mi(298), plan.AllocatedBytes);
        var deployment = plan.Children.OfType<V1Deployment>().Single(d => d.Metadata.Name == "demo-sensor");
        Assert.Equal(3, deployment.Spec.Replicas);
    }

    [Fact]
    public void Explicit_limits_are_honoured_and_the_rest_share_what_is_left()
    {
        var plan = Feasible(Samples.Load("explicit-limits.yaml"));
        Assert.Equal(new Dictionary<string, long>
        {
            [ComponentNames.Sensor] = Mi(48),
            [ComponentNames.VictoriaMetrics] = Mi(512 - 96 - 160),
            [ComponentNames.Grafana] = Mi(160),
        }, Limits(plan));
        Assert.Equal([true, false, true], plan.Components.Select(c => c.Explicit));
        Assert.Equal(Mi(512), plan.AllocatedBytes);
    }

    [Fact]
    public void An_explicit_limit_below_the_floor_is_still_honoured()
    {
        var plan = Feasible(Stack("200Mi", s => s.VictoriaMetrics = new VictoriaMetricsSpec { MemoryLimit = "48Mi" }));
        Assert.Equal(Mi(48), Limits(plan)[ComponentNames.VictoriaMetrics]);
        Assert.Equal(Mi(200 - 48), Limits(plan)[ComponentNames.Sensor]);
    }

    [Fact]
    public void A_budget_below_the_floors_is_BudgetTooSmall_with_the_numbers()
    {
        var result = Infeasible(Stack("64Mi"));
        Assert.Equal(ConditionReasons.BudgetTooSmall, result.Reason);
        Assert.Equal("spec.memoryBudget 64Mi is below the 96Mi the components' floors need (sensor 32Mi + victoriaMetrics 64Mi)", result.Message);
    }

    [Fact]
    public void Grafana_and_replicas_raise_the_floors_in_the_message()
    {
        var result = Infeasible(Stack("380Mi", s =>
        {
            s.Sensor = new SensorSpec { Replicas = 2 };
            s.Grafana = new GrafanaSpec { Enabled = true };
        }));
        Assert.Equal(ConditionReasons.BudgetTooSmall, result.Reason);
        Assert.Equal("spec.memoryBudget 380Mi is below the 384Mi the components' floors need (sensor 2 x 32Mi + victoriaMetrics 64Mi + grafana 256Mi)", result.Message);
    }

    [Fact]
    public void Explicit_limits_above_the_budget_are_LimitsExceedBudget_with_the_numbers()
    {
        var result = Infeasible(Stack("256Mi", s => s.Sensor = new SensorSpec { Replicas = 3, MemoryLimit = "100Mi" }));
        Assert.Equal(ConditionReasons.LimitsExceedBudget, result.Reason);
        Assert.Equal("explicit memory limits need 300Mi (sensor 3 x 100Mi) but spec.memoryBudget is 256Mi", result.Message);
    }

    [Fact]
    public void Explicit_limits_that_leave_too_little_for_the_floors_are_LimitsExceedBudget()
    {
        var result = Infeasible(Samples.Load("infeasible.yaml"));
        Assert.Equal(ConditionReasons.LimitsExceedBudget, result.Reason);
        Assert.Equal("explicit memory limits take 256Mi of spec.memoryBudget 300Mi, leaving 44Mi, but the other components' floors need 96Mi (sensor 32Mi + victoriaMetrics 64Mi)", result.Message);
    }

    [Theory]
    [InlineData("spec.memoryBudget", "300 MB")]
    [InlineData("spec.scrapeInterval", "5s")]
    [InlineData("spec.scrapeInterval", "30")]
    [InlineData("spec.sensor.replicas", "0")]
    [InlineData("spec.sensor.replicas", "101")]
    [InlineData("spec.sensor.memoryLimit", "8Mi")]
    [InlineData("spec.sensor.memoryLimit", "lots")]
    [InlineData("spec.victoriaMetrics.memoryLimit", "-1Gi")]
    [InlineData("spec.victoriaMetrics.retention", "12h")]
    [InlineData("spec.grafana.memoryLimit", "1.5.Gi")]
    public void A_field_that_does_not_parse_is_InvalidSpec_naming_the_field(string field, string value)
    {
        var stack = Stack("300Mi");
        var spec = stack.Spec;
        switch (field)
        {
            case "spec.memoryBudget": spec.MemoryBudget = value; break;
            case "spec.scrapeInterval": spec.ScrapeInterval = value; break;
            case "spec.sensor.replicas": spec.Sensor = new SensorSpec { Replicas = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) }; break;
            case "spec.sensor.memoryLimit": spec.Sensor = new SensorSpec { MemoryLimit = value }; break;
            case "spec.victoriaMetrics.memoryLimit": spec.VictoriaMetrics = new VictoriaMetricsSpec { MemoryLimit = value }; break;
            case "spec.victoriaMetrics.retention": spec.VictoriaMetrics = new VictoriaMetricsSpec { Retention = value }; break;
            case "spec.grafana.memoryLimit": spec.Grafana = new GrafanaSpec { MemoryLimit = value }; break;
        }

        var result = Infeasible(stack);
        Assert.True(result.IsInvalidSpec);
        Assert.Equal(field, result.Field);
        Assert.StartsWith(field + ": ", result.Message);
        Assert.Contains(value, result.Message);
    }

    [Theory]
    [InlineData("a-name-of-forty-four-characters-is-too-long1")]
    [InlineData("1stack")]
    [InlineData("")]
    public void A_name_whose_children_would_be_invalid_is_InvalidSpec(string name)
    {
        var result = Infeasible(Stack("300Mi", name: name));
        Assert.Equal("metadata.name", result.Field);
    }

    [Fact]
    public void The_longest_allowed_name_gives_children_of_at_most_63_characters()
    {
        var name = new string('s', 43);
        var plan = Feasible(Stack("1Gi", s => s.Grafana = new GrafanaSpec { Enabled = true }, name: name));
        Assert.Equal(63, plan.Children.Max(c => c.Metadata.Name.Length));
    }

    [Fact]
    public void Images_come_from_the_spec_else_from_the_defaults()
    {
        var stack = Stack("1Gi", s =>
        {
            s.VictoriaMetrics = new VictoriaMetricsSpec { Image = "registry.example/vm:1" };
            s.Grafana = new GrafanaSpec { Enabled = true };
        });
        var defaults = PlannerDefaults.Default with { SensorImage = "registry.example/sensor:dev" };
        var plan = Assert.IsType<FeasiblePlan>(StackPlanner.Plan(stack, defaults)).Plan;
        var images = plan.Children.OfType<V1Deployment>().ToDictionary(d => d.Metadata.Name, d => d.Spec.Template.Spec.Containers.Single().Image);
        Assert.Equal("registry.example/sensor:dev", images["demo-sensor"]);
        Assert.Equal("registry.example/vm:1", images["demo-vm"]);
        Assert.Equal(PlannerDefaults.DefaultGrafanaImage, images["demo-grafana"]);
    }

    [Fact]
    public void A_stack_without_a_namespace_plans_into_default()
    {
        var stack = Stack("300Mi");
        stack.Metadata.NamespaceProperty = null;
        Assert.All(Feasible(stack).Children, c => Assert.Equal("default", c.Metadata.NamespaceProperty));
    }

    [Fact]
    public void Planning_is_pure_the_same_stack_gives_the_same_objects()
    {
        var first = ModelYaml.SerializeAll(Feasible(Samples.Load("default.yaml")).Children);
        var second = ModelYaml.SerializeAll(Feasible(Samples.Load("default.yaml")).Children);
        Assert.Equal(first, second);
    }
}
