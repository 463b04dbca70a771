using System.Globalization;
using k8s.Models;
using SensorOperator.Api;
using SensorOperator.Planning;
using static SensorOperator.Tests.Planning.StackFactory;

namespace SensorOperator.Tests.Planning;

/// <summary>
/// Thousands of generated specs (fixed seed, so a failure reproduces): budgets from 1Mi to 64Gi,
/// random explicit limits, 1-10 sensor replicas, Grafana on and off. An independent oracle says
/// whether each must fit; the planner must agree, and every plan must fit what it claims.
/// </summary>
public class GeneratedPlanTests
{
    private const int Cases = 5000;
    private static readonly long[] Floors = [Mi(32), Mi(64), Mi(256)]; // sensor, VictoriaMetrics, Grafana (README)

    private sealed record Case(long Budget, string BudgetText, int Replicas, bool Grafana, long?[] Explicit, string?[] ExplicitText);

    [Fact]
    public void Every_feasible_plan_fits_and_every_infeasible_spec_is_reported()
    {
        var random = new Random(20261126);
        var (feasible, tooSmall, exceeded) = (0, 0, 0);
        for (var i = 0; i < Cases; i++)
        {
            var c = Generate(random);
            var stack = Stack(c.BudgetText, s =>
            {
                s.Sensor = new SensorSpec { Replicas = c.Replicas, MemoryLimit = c.ExplicitText[0] };
                s.VictoriaMetrics = new VictoriaMetricsSpec { MemoryLimit = c.ExplicitText[1] };
                s.Grafana = new GrafanaSpec { Enabled = c.Grafana, MemoryLimit = c.ExplicitText[2] };
            });
            var result = StackPlanner.Plan(stack, PlannerDefaults.Default);
            var context = $"case {i}: {c.BudgetText}, replicas {c.Replicas}, grafana {c.Grafana}, explicit [{string.Join(", ", c.ExplicitText)}]";

            // Oracle: explicit limits cost what they say; every other enabled component at least its floor.
            var components = c.Grafana ? 3 : 2;
            long replicasOf(int k) => k == 0 ? c.Replicas : 1;
            decimal explicitTotal = 0, floorTotal = 0;
            for (var k = 0; k < components; k++)
            {
                if (c.Explicit[k] is { } e)
                {
                    explicitTotal += (decimal)e * replicasOf(k);
                }
                else
                {
                    floorTotal += (decimal)Floors[k] * replicasOf(k);
                }
            }

            if (explicitTotal + floorTotal > c.Budget)
            {
                var infeasible = Assert.IsType<InfeasiblePlan>(result, exactMatch: true);
                var expected = explicitTotal > 0 ? ConditionReasons.LimitsExceedBudget : ConditionReasons.BudgetTooSmall;
                Assert.True(expected == infeasible.Reason, $"{context}: expected {expected}, got {infeasible.Reason}: {infeasible.Message}");
                Assert.Contains(Quantities.Format(c.Budget), infeasible.Message);
                _ = expected == ConditionReasons.BudgetTooSmall ? tooSmall++ : exceeded++;
                continue;
            }

            var plan = Assert.IsType<FeasiblePlan>(result, exactMatch: true).Plan;
            feasible++;
            Assert.True(plan.AllocatedBytes <= c.Budget, $"{context}: allocated {plan.AllocatedBytes} > budget {c.Budget}");
            Assert.Equal(components, plan.Components.Count);

            long planned = 0, slack = 0;
            for (var k = 0; k < components; k++)
            {
                var component = plan.Components[k];
                Assert.Equal(replicasOf(k), component.Replicas);
                if (c.Explicit[k] is { } e)
                {
                    Assert.True(e == component.LimitBytes, $"{context}: explicit {e} became {component.LimitBytes}");
                }
                else
                {
                    Assert.True(component.LimitBytes >= Floors[k], $"{context}: {component.Name} below its floor");
                    Assert.Equal(0, component.LimitBytes % Quantities.Mebibyte);
                    slack += component.Replicas * Quantities.Mebibyte;
                }

                planned += component.TotalBytes;
            }

            Assert.Equal(planned, plan.AllocatedBytes);
            // The weights hand out the whole budget but for rounding down to whole MiB per replica.
            if (slack > 0)
            {
                Assert.True(c.Budget - plan.AllocatedBytes < slack, $"{context}: {c.Budget - plan.AllocatedBytes} bytes left unplanned");
            }

            // What the cluster will enforce is what was planned: the Deployments' limits, times replicas.
            decimal deployed = 0;
            foreach (var deployment in plan.Children.OfType<V1Deployment>())
            {
                var resources = deployment.Spec.Template.Spec.Containers.Single().Resources;
                Assert.Equal(resources.Limits["memory"].ToDecimal(), resources.Requests["memory"].ToDecimal());
                deployed += resources.Limits["memory"].ToDecimal() * deployment.Spec.Replicas!.Value;
            }

            Assert.Equal(plan.AllocatedBytes, deployed);
        }

        // The generator must exercise all three outcomes in quantity, or the test proves little.
        Assert.True(feasible > 1000 && tooSmall > 300 && exceeded > 300, $"feasible {feasible}, too small {tooSmall}, exceeded {exceeded}");
    }

    private static Case Generate(Random random)
    {
        // Log-uniform over 1Mi..64Gi, so small and large budgets are equally common; a third exact MiB.
        var budget = (long)Math.Exp(random.NextDouble() * (Math.Log(64.0 * 1024 * 1024 * 1024) - Math.Log(1024 * 1024)) + Math.Log(1024 * 1024));
        var budgetText = random.Next(3) == 0 ? $"{budget / Quantities.Mebibyte}Mi" : budget.ToString(CultureInfo.InvariantCulture);
        if (budgetText.EndsWith("Mi", StringComparison.Ordinal))
        {
            budget = budget / Quantities.Mebibyte * Quantities.Mebibyte;
        }

        var explicitLimits = new long?[3];
        var explicitText = new string?[3];
        for (var k = 0; k < 3; k++)
        {
            if (random.Next(3) != 0)
            {
                continue;
            }

            // 16Mi (the smallest a limit may be) up to about the budget, in Mi or Ki.
            var upper = Math.Max(Mi(17), budget);
            var limit = (long)Math.Exp(random.NextDouble() * (Math.Log(upper) - Math.Log(Mi(16))) + Math.Log(Mi(16)));
            if (random.Next(2) == 0)
            {
                explicitLimits[k] = limit / Quantities.Mebibyte * Quantities.Mebibyte;
                explicitText[k] = $"{limit / Quantities.Mebibyte}Mi";
            }
            else
            {
                explicitLimits[k] = limit / 1024 * 1024;
                explicitText[k] = $"{limit / 1024}Ki";
            }
        }

        return new Case(budget, budgetText, random.Next(1, 11), random.Next(2) == 0, explicitLimits, explicitText);
    }
}
