using SensorOperator.Planning.Autopilot;

namespace SensorOperator.Tests.Planning.Autopilot;

/// <summary>What must hold after every step of every table, whatever the history.</summary>
public class AutopilotPropertyTests
{
    public static TheoryData<string> Scenarios() => [.. AutopilotScenarios.Names];

    private static readonly string[] UrgentReasons = [ResizeReasons.OomKilled, ResizeReasons.NearLimit, ResizeReasons.Reverted, ResizeReasons.BudgetChanged];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void The_budget_holds_after_every_step(string scenario)
    {
        var sim = AutopilotScenarios.Run(scenario);
        foreach (var decision in sim.Steps.GroupBy(s => s.At))
        {
            // Where the budget itself shrank below the limits in force, the decreases bring Σ
            // down step by step, and from the last of them on it holds.
            var steps = decision.ToList();
            var from = steps[0].Forced ? steps.FindLastIndex(s => s.Step.IsDecrease) : 0;
            Assert.True(from >= 0, $"{decision.Key}: over budget without a decrease");
            foreach (var step in steps.Skip(from))
            {
                Assert.True(step.TotalAfter <= step.Budget, $"{step.At}: {step.Step.Message} leaves Σ {step.TotalAfter} over {step.Budget}\n{AutopilotTimelineDump.Of(sim)}");
            }
        }

        Assert.All(sim.LimitTimeline, t => Assert.True(t.Limits.Sum(l => (decimal)l.Value * (sim.Components.FirstOrDefault(c => c.Name == l.Key)?.Replicas ?? 1)) <= t.Budget));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_decision_lists_its_decreases_before_its_increases_and_restarts_one_component_at_most(string scenario)
    {
        var sim = AutopilotScenarios.Run(scenario);
        foreach (var decision in sim.Decisions.Where(d => d.Changes))
        {
            var firstIncrease = decision.Steps.ToList().FindIndex(s => !s.IsDecrease);
            Assert.True(firstIncrease < 0 || decision.Steps.Skip(firstIncrease).All(s => !s.IsDecrease), string.Join("; ", decision.Steps.Select(s => s.Message)));
            if (!decision.Steps.Any(s => s.Reason == ResizeReasons.BudgetChanged))
            {
                Assert.True(decision.Steps.Count(s => s.Restarts) <= 1, string.Join("; ", decision.Steps.Select(s => s.Message)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Limits_move_in_whole_mebibytes_and_never_below_a_floor(string scenario)
    {
        var sim = AutopilotScenarios.Run(scenario);
        foreach (var (at, limits, _) in sim.LimitTimeline)
        {
            foreach (var c in sim.Components.Where(c => limits.ContainsKey(c.Name)))
            {
                Assert.Equal(0, limits[c.Name] % AutopilotSimulation.Mi(1));
                Assert.True(limits[c.Name] >= c.Floor, $"{at}: {c.Name} at {limits[c.Name]} below its floor");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Changes_that_no_kill_or_limit_asks_for_wait_out_the_cooldown(string scenario)
    {
        var sim = AutopilotScenarios.Run(scenario);
        var changes = sim.Steps.GroupBy(s => s.At).Select(g => (At: g.Key, Urgent: g.Any(s => UrgentReasons.Contains(s.Step.Reason)))).ToList();
        for (var i = 1; i < changes.Count; i++)
        {
            if (!changes[i].Urgent)
            {
                Assert.True(changes[i].At - changes[i - 1].At >= sim.Settings.Cooldown, $"{changes[i].At} follows {changes[i - 1].At}\n{AutopilotTimelineDump.Of(sim)}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_OOM_bump_answers_a_kill_and_each_kill_gets_one_bump_at_most(string scenario)
    {
        var sim = AutopilotScenarios.Run(scenario);
        foreach (var group in sim.Steps.Where(s => s.Step.Reason == ResizeReasons.OomKilled).GroupBy(s => s.Step.Component))
        {
            var kills = sim.OomKills.Where(k => k.Name == group.Key).ToList();
            foreach (var bump in group)
            {
                Assert.Contains(kills, k => k.At <= bump.At);
            }

            Assert.True(group.Count() <= kills.Count);
        }
    }
}
