using SensorOperator.Api;
using SensorOperator.Observation;
using SensorOperator.Reconciliation;

namespace SensorOperator.Tests.Reconciliation;

public sealed class EventDeduplicationTests
{
    private const string Uid = "uid-1";
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static SensorStackStatus Status(string withinBudgetReason, string withinBudgetStatus = "False") => new()
    {
        Conditions = [Conditions.Next(null, ConditionTypes.WithinBudget, withinBudgetStatus, withinBudgetReason, "Using 400Mi of the 300Mi budget", 1, Now)],
    };

    private static StackObservation WithOomKills(params string[] ids) => new()
    {
        MetricsAvailable = true,
        Components = [new ComponentObservation
        {
            Name = "sensor",
            OomKills = ids.Length,
            OomKillDetails = [.. ids.Select(id => new OomKill("demo-sensor-abc", "sensor", 1, Now, id))],
        }],
    };

    private static IReadOnlyList<string> Reasons(IReadOnlyList<StackEvent> events) => [.. events.Select(e => e.Reason)];

    [Fact]
    public void An_infeasible_generation_is_reported_once_however_often_it_is_reconciled()
    {
        var dedupe = new EventDeduplicator();
        var stack = Stacks.Stack("64Mi", generation: 4);
        var plan = Stacks.Plan(stack);
        var status = new SensorStackStatus();

        var first = dedupe.Filter(Uid, StackEvents.Active(4, plan, status, null));
        var again = dedupe.Filter(Uid, StackEvents.Active(4, plan, status, null));
        var nextGeneration = dedupe.Filter(Uid, StackEvents.Active(5, plan, status, null));

        Assert.Single(first);
        Assert.Equal(StackEvent.Warning, first[0].Type);
        Assert.Empty(again);
        Assert.Single(nextGeneration); // a new spec that is still infeasible is news
    }

    [Fact]
    public void Each_over_budget_episode_is_reported_once()
    {
        var dedupe = new EventDeduplicator();
        var plan = Stacks.Plan(Stacks.Stack());
        var over = Status(ConditionReasons.OverBudget);
        var fine = Status(ConditionReasons.WithinBudget, "True");

        Assert.Equal([ConditionReasons.OverBudget], Reasons(dedupe.Filter(Uid, StackEvents.Active(1, plan, over, null))));
        Assert.Empty(dedupe.Filter(Uid, StackEvents.Active(1, plan, over, null)));
        Assert.Empty(dedupe.Filter(Uid, StackEvents.Active(1, plan, fine, null)));
        Assert.Equal([ConditionReasons.OverBudget], Reasons(dedupe.Filter(Uid, StackEvents.Active(1, plan, over, null))));
    }

    [Fact]
    public void Each_OOM_kill_is_reported_once_and_a_new_one_again()
    {
        var dedupe = new EventDeduplicator();
        var plan = Stacks.Plan(Stacks.Stack());
        var fine = Status(ConditionReasons.WithinBudget, "True");

        Assert.Equal(["OOMKilled"], Reasons(dedupe.Filter(Uid, StackEvents.Active(1, plan, fine, WithOomKills("pod/c/1")))));
        Assert.Empty(dedupe.Filter(Uid, StackEvents.Active(1, plan, fine, WithOomKills("pod/c/1"))));
        var next = dedupe.Filter(Uid, StackEvents.Active(1, plan, fine, WithOomKills("pod/c/2")));
        Assert.Single(next);
        Assert.Contains("demo-sensor-abc", next[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void After_an_operator_restart_what_the_status_already_shows_is_not_reported_again()
    {
        var plan = Stacks.Plan(Stacks.Stack());
        var over = Status(ConditionReasons.OverBudget);
        over.Components = [new ComponentStatus { Name = "sensor", OomKills = 1 }];
        var observation = WithOomKills("pod/c/1");
        var active = StackEvents.Active(1, plan, over, observation);
        var fresh = new EventDeduplicator();

        Assert.True(fresh.IsNew(Uid));
        Assert.Empty(fresh.Filter(Uid, active, StackEvents.ReportedBefore(over, active, observation)));
    }

    [Fact]
    public void A_failed_event_write_is_retried_and_a_deleted_stack_is_forgotten()
    {
        var dedupe = new EventDeduplicator();
        var plan = Stacks.Plan(Stacks.Stack());
        var over = Status(ConditionReasons.OverBudget);
        var events = dedupe.Filter(Uid, StackEvents.Active(1, plan, over, null));

        dedupe.Unmark(Uid, events[0].Key);
        Assert.Single(dedupe.Filter(Uid, StackEvents.Active(1, plan, over, null)));

        dedupe.Forget(Uid);
        Assert.True(dedupe.IsNew(Uid));
    }
}
