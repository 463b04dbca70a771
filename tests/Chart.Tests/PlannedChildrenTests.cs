using k8s;
using k8s.Models;
using SensorOperator.Api;
using SensorOperator.Planning;
using SensorStack.ChartTests.Support;
using SensorStack.Testing;

namespace SensorStack.ChartTests;

/// <summary>
/// The chart labels the namespaces it documents for the restricted Pod Security profile, so the
/// pods the operator creates there must pass it too: the same check, on the planner's output for
/// every sample.
/// </summary>
public class PlannedChildrenTests
{
    /// <summary>The samples the planner can fit (an infeasible one, by design, creates no pods).</summary>
    public static TheoryData<string> FeasibleSamples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "config", "samples"), "*.yaml").Order(StringComparer.Ordinal))
        {
            if (Plan(Path.GetFileName(file)) is FeasiblePlan)
            {
                data.Add(Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FeasibleSamples))]
    public void Every_planned_pod_meets_the_restricted_profile(string sample)
    {
        var feasible = Assert.IsType<FeasiblePlan>(Plan(sample));

        var deployments = feasible.Plan.Children.OfType<V1Deployment>().ToList();
        Assert.NotEmpty(deployments);
        foreach (var (owner, spec) in Chart.PodSpecs(deployments))
        {
            var violations = RestrictedProfile.Violations(spec);
            Assert.True(violations.Count == 0, $"{sample}: {owner}:\n  {string.Join("\n  ", violations)}");
        }
    }

    /// <summary>A scenario that installs a SensorStack installs one the operator can plan, not BudgetTooSmall.</summary>
    [Theory]
    [MemberData(nameof(Chart.Scenarios), MemberType = typeof(Chart))]
    public void Every_stack_a_chart_scenario_creates_fits_its_budget(string scenario)
    {
        foreach (var stack in Chart.Render(scenario).OfType<V1Alpha1SensorStack>())
        {
            stack.Metadata.Uid ??= "00000000-0000-0000-0000-000000000001";
            var result = StackPlanner.Plan(stack, PlannerDefaults.Default);
            Assert.True(result is FeasiblePlan, $"{scenario}: {(result as InfeasiblePlan)?.Message}");
        }
    }

    private static PlanResult Plan(string sample)
    {
        var yaml = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "config", "samples", sample));
        var stack = ModelYaml.Deserialize<V1Alpha1SensorStack>(yaml, strict: true);
        stack.Metadata.Uid ??= "00000000-0000-0000-0000-000000000001";
        return StackPlanner.Plan(stack, PlannerDefaults.Default);
    }
}
