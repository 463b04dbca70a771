using SensorOperator.Api;
using SensorOperator.Planning;
using SensorOperator.Planning.Autopilot;
using static SensorOperator.Tests.Planning.Autopilot.AutopilotSimulation;

namespace SensorOperator.Tests.Planning.Autopilot;

/// <summary>The planner tables of the issue, each a synthetic history run through Fold and Decide (AutopilotScenarios).</summary>
public class AutopilotTableTests
{
    private const string Sensor = ComponentNames.Sensor;
    private const string Vm = ComponentNames.VictoriaMetrics;

    [Fact]
    public void Steady_demand_within_the_hysteresis_moves_nothing_for_two_days()
    {
        var sim = AutopilotScenarios.Run("steady");

        Assert.Empty(sim.Steps);
        Assert.Empty(sim.OomKills);
        Assert.All(sim.Conditions, c => Assert.Equal(ConditionReasons.Balanced, c.Reason));
        // Targets 60Mi/99Mi against 53Mi/106Mi in force: 7Mi each, under max(8Mi, 10%).
        var last = sim.Decisions[^1];
        Assert.Equal((Mi(45), Mi(69)), (last[Sensor].Need, last[Vm].Need));
        Assert.Contains("kept (within the hysteresis of 8Mi)", last[Sensor].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_growing_sensor_is_grown_ahead_of_its_demand_and_VictoriaMetrics_restarts_only_a_few_times()
    {
        var sim = AutopilotScenarios.Run("growing");

        Assert.Empty(sim.OomKills);
        Assert.All(sim.StepsOf(Sensor), s => Assert.False(s.Step.IsDecrease));
        Assert.True(sim.Limit(Sensor) >= Mi(104), $"sensor ends at {sim.Limit(Sensor)}: below peak 90Mi + 15%");
        // VictoriaMetrics (Go) gives memory only through a restart, and only in steps worth one.
        var restarts = sim.Steps.Where(s => s.Step.Restarts).ToList();
        Assert.InRange(restarts.Count, 1, 4);
        Assert.All(restarts, r => Assert.True(r.Step.From - r.Step.To >= Mi(10), r.Step.Message));
    }

    [Fact]
    public void A_daily_cycle_follows_the_sensor_with_two_changes_and_one_restart_a_day()
    {
        var sim = AutopilotScenarios.Run("daily cycle");

        // The daily peak holds the limit for shrinkAfter (6h), then the sensor gives it back in
        // place and VictoriaMetrics takes it in place; only the sensor's growth costs a VictoriaMetrics restart.
        Assert.Empty(sim.OomKills);
        for (var day = 0; day < 3; day++)
        {
            var steps = sim.Steps.Where(s => s.At >= TimeSpan.FromDays(day) && s.At < TimeSpan.FromDays(day + 1)).ToList();
            Assert.True(steps.Select(s => s.At).Distinct().Count() <= 2, $"day {day + 1}\n{AutopilotTimelineDump.Of(sim)}");
            Assert.True(steps.Count(s => s.Step.Restarts) <= 1, $"day {day + 1}\n{AutopilotTimelineDump.Of(sim)}");
        }

        Assert.All(sim.StepsOf(Sensor).Where(s => s.Step.IsDecrease), s => Assert.True(s.At.TotalHours % 24 >= 18, $"{s.At}: shrunk before the day's peak (6h) was 6h old"));
    }

    [Fact]
    public void An_OOM_loop_is_bumped_once_per_kill_capped_by_the_budget_and_Degraded_after_three_in_an_hour()
    {
        var sim = AutopilotScenarios.Run("OOM loop");
        var bumps = sim.StepsOf(Sensor).Where(s => s.Step.Reason == ResizeReasons.OomKilled).ToList();

        // 66 → 100 → 125 → 136: each at least x1.25 and +16Mi of the limit killed, until the cap
        // (200Mi less VictoriaMetrics' 64Mi floor).
        Assert.Equal([Mi(100), Mi(125), Mi(136)], bumps.Select(b => b.Step.To));
        Assert.All(bumps, b => Assert.True(b.Step.To >= Math.Min(Mi(136), Math.Max(b.Step.From * 5 / 4, b.Step.From + Mi(16)))));
        Assert.All(sim.LimitTimeline, t => Assert.True(t.Limits[Sensor] <= Mi(136)));
        var third = bumps[2].At;
        Assert.Equal(ConditionReasons.Degraded, sim.Conditions.Single(c => c.At == third).Reason);
        Assert.True(third - sim.OomKills[0].At < TimeSpan.FromHours(1));
        // Kills go on at the cap; once the bumps are an hour old the condition names the shortfall.
        Assert.True(sim.OomKills.Count > 40);
        Assert.Equal(ConditionReasons.BudgetInsufficient, sim.Condition);
        Assert.Contains("needs 234Mi (sensor 170Mi + victoriaMetrics 64Mi)", sim.Decisions[^1].Condition.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Demand_above_the_budget_is_reported_and_the_split_stays_put()
    {
        var sim = AutopilotScenarios.Run("demand above budget");
        var after = TimeSpan.FromHours(6);

        Assert.DoesNotContain(sim.Steps, s => s.At > after);
        Assert.All(sim.Conditions.Where(c => c.At > after), c => Assert.Equal(ConditionReasons.BudgetInsufficient, c.Reason));
        var condition = sim.Decisions[^1].Condition;
        Assert.False(condition.Status);
        Assert.Contains("needs 207Mi (sensor 69Mi + victoriaMetrics 138Mi) but the budget leaves 200Mi", condition.Message, StringComparison.Ordinal);
        Assert.Empty(sim.OomKills);
    }

    [Fact]
    public void Without_metrics_nothing_shrinks_on_its_own_but_an_OOM_kill_is_still_answered()
    {
        var sim = AutopilotScenarios.Run("metrics unavailable");
        var gap = (From: TimeSpan.FromHours(8), To: TimeSpan.FromHours(20));

        // VictoriaMetrics falls idle in the gap: no PeakAged shrink then, nor in the window after it.
        Assert.DoesNotContain(sim.Steps, s => s.At >= gap.From && s.Step.Reason == ResizeReasons.PeakAged);
        var bump = Assert.Single(sim.StepsOf(Sensor), s => s.Step.Reason == ResizeReasons.OomKilled);
        Assert.Equal(TimeSpan.FromHours(12), bump.At);
        Assert.True(bump.Step.To >= Mi(83), bump.Step.Message); // 66Mi x 1.25
        Assert.All(sim.Steps.Where(s => s.At >= gap.From && s.At < gap.To && s.Step.IsDecrease), s => Assert.Equal(bump.At, s.At));
    }

    [Fact]
    public void A_disabled_component_s_share_returns_to_the_others()
    {
        var sim = AutopilotScenarios.Run("component disabled");
        var removedAt = TimeSpan.FromHours(6);
        var before = sim.LimitTimeline.Last(t => t.At <= removedAt).Limits;
        var after = sim.LimitTimeline.First(t => t.At > removedAt).Limits;

        Assert.Equal(Mi(32), before[ComponentNames.Alerting]);
        Assert.True(after[Sensor] > before[Sensor] && after[Vm] > before[Vm]);
        Assert.True(after[Sensor] + after[Vm] >= Mi(190), $"{after[Sensor]} + {after[Vm]}");
    }

    [Fact]
    public void An_explicit_limit_is_never_moved_even_when_it_is_OOM_killed()
    {
        var sim = AutopilotScenarios.Run("explicit limit");

        Assert.Contains(sim.OomKills, k => k.Name == Sensor);
        Assert.Empty(sim.StepsOf(Sensor));
        Assert.All(sim.LimitTimeline, t => Assert.Equal(Mi(50), t.Limits[Sensor]));
        // The others still move: vmalert's OOM kill is answered from VictoriaMetrics.
        Assert.Contains(sim.StepsOf(ComponentNames.Alerting), s => s.Step.Reason == ResizeReasons.OomKilled);
        Assert.Contains("set by the spec, never moved", sim.Decisions[^1][Sensor].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_an_hour_of_history_no_component_goes_below_the_static_split()
    {
        var sim = AutopilotScenarios.Run("under an hour of history");
        var statics = sim.StaticLimits();

        Assert.All(sim.LimitTimeline.Where(t => t.At < TimeSpan.FromHours(1)), t => Assert.Equal(statics[Sensor], t.Limits[Sensor]));
        // VictoriaMetrics at 96% of its limit asks at once; the idle sensor gives only once it is an hour old.
        var gave = Assert.Single(sim.StepsOf(Sensor));
        Assert.InRange(gave.At, TimeSpan.FromHours(1), TimeSpan.FromHours(1.25));
        Assert.True(sim.Limit(Vm) > statics[Vm]);
        Assert.Empty(sim.OomKills);
    }

    [Fact]
    public void A_limit_shrinks_only_after_its_peak_is_older_than_shrinkAfter_by_at_most_a_quarter_a_step()
    {
        var sim = AutopilotScenarios.Run("peak ages out");
        var shrinks = sim.StepsOf(Sensor).Where(s => s.Step.IsDecrease).ToList();

        // The 100Mi peak ends at 2h; shrinkAfter is 6h.
        Assert.True(shrinks.Count >= 2, AutopilotTimelineDump.Of(sim));
        Assert.All(shrinks, s => Assert.True(s.At >= TimeSpan.FromHours(8), $"{s.At}: {s.Step.Message}"));
        Assert.All(shrinks, s => Assert.True(s.Step.To * 4 >= s.Step.From * 3, s.Step.Message));
        Assert.All(shrinks, s => Assert.Equal(ResizeReasons.PeakAged, s.Step.Reason));
        Assert.Contains("(at most −25% a step)", shrinks[0].Step.Message, StringComparison.Ordinal);
        Assert.True(shrinks[1].At - shrinks[0].At >= sim.Settings.Cooldown);
    }

    [Fact]
    public void A_shrink_followed_by_an_OOM_kill_is_reverted_and_each_revert_doubles_the_back_off()
    {
        var sim = AutopilotScenarios.Run("shrink reverted");
        var vm = sim.StepsOf(Vm).ToList();
        var reverts = vm.Where(s => s.Step.Reason == ResizeReasons.Reverted).ToList();

        Assert.True(reverts.Count >= 3, AutopilotTimelineDump.Of(sim));
        foreach (var revert in reverts)
        {
            var shrink = vm.Last(s => s.At < revert.At && s.Step.IsDecrease);
            Assert.Equal(shrink.Step.To, revert.Step.From);
            Assert.True(revert.Step.To > shrink.Step.To);
            Assert.StartsWith($"victoriaMetrics {Quantities.Format(shrink.Step.To)}→", revert.Step.Message, StringComparison.Ordinal);
        }

        // The back-off after the n-th revert is cooldown x 2^n: the fourth holds the next shrink 8h.
        var fourth = reverts[3];
        var next = vm.First(s => s.At > fourth.At && s.Step.IsDecrease);
        Assert.True(next.At - fourth.At >= TimeSpan.FromHours(8), $"{fourth.At} → {next.At}");
    }

    [Fact]
    public void Replicas_multiply_every_share_and_the_budget_counts_each()
    {
        var sim = AutopilotScenarios.Run("replicas");

        Assert.All(sim.StepsOf(Sensor), s => Assert.Equal(3, s.Step.Replicas));
        Assert.True(sim.Limit(Sensor) >= Mi(64), "55Mi per pod + 15%");
        Assert.True((3 * sim.Limit(Sensor)) + sim.Limit(Vm) <= Mi(300));
    }

    [Fact]
    public void An_enabled_component_starts_from_nothing_with_its_share_taken_from_the_others()
    {
        var sim = AutopilotScenarios.Run("component enabled");
        var first = Assert.Single(sim.StepsOf(ComponentNames.Alerting));

        Assert.Equal((0L, TimeSpan.FromHours(6) + TimeSpan.FromMinutes(5)), (first.Step.From, first.At));
        Assert.True(first.Step.To >= MemoryPolicy.VmAlertFloor);
        Assert.Equal(ResizeReasons.BudgetChanged, first.Step.Reason);
        Assert.All(sim.Steps.Where(s => s.At == first.At && s.Step.Component != ComponentNames.Alerting), s => Assert.True(s.Step.IsDecrease));
    }

    [Fact]
    public void A_lowered_budget_brings_every_limit_into_it_in_one_decision_decreases_first()
    {
        var sim = AutopilotScenarios.Run("budget lowered");
        var lowered = sim.Steps.Where(s => s.At == TimeSpan.FromHours(6) + TimeSpan.FromMinutes(5)).ToList();

        Assert.NotEmpty(lowered);
        Assert.All(lowered, s => Assert.Equal(ResizeReasons.BudgetChanged, s.Step.Reason));
        Assert.True(lowered[^1].TotalAfter <= Mi(180));
        Assert.True(sim.Limit(Sensor) + sim.Limit(Vm) <= Mi(180));
    }
}
