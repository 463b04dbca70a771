using SensorOperator.Api;
using SensorOperator.Planning;
using SensorOperator.Planning.Autopilot;
using static SensorOperator.Tests.Planning.Autopilot.AutopilotHistoryBuilder;
using static SensorOperator.Tests.Planning.Autopilot.AutopilotSimulation;

namespace SensorOperator.Tests.Planning.Autopilot;

/// <summary>Single decisions: what an Event says, and how a decision survives an operator restart.</summary>
public class AutopilotDecideTests
{
    private static readonly DateTimeOffset Now = AutopilotSimulation.Start + TimeSpan.FromHours(3);
    private static readonly AutopilotSettings On = AutopilotSettings.EnabledDefaults;

    /// <summary>153Mi: the static split gives the sensor 51Mi and VictoriaMetrics 102Mi.</summary>
    private static AutopilotInput Stack(long sensorPeak, long vmPeak, long sensorLimit = 51, long vmLimit = 102, ComponentHistory? sensorHistory = null, ComponentHistory? vmHistory = null, DateTimeOffset? now = null)
    {
        var at = now ?? Now;
        return new AutopilotInput(Mi(153), On,
        [
            new(ComponentNames.Sensor, MemoryPolicy.SensorFloor, 1, 1, null, Mi(51), Mi(sensorLimit), ResizeMode.InPlace, sensorHistory ?? Observed(sensorPeak, Mi(sensorLimit), TimeSpan.FromHours(2), at)),
            // In place both ways here (a runtime that re-reads its limit), so the example needs no restart.
            new(ComponentNames.VictoriaMetrics, MemoryPolicy.VictoriaMetricsFloor, 2, 1, null, Mi(102), Mi(vmLimit), ResizeMode.InPlace, vmHistory ?? Observed(vmPeak, Mi(vmLimit), TimeSpan.FromHours(2), at)),
        ], at);
    }

    [Fact]
    public void The_event_says_what_moved_why_and_where_the_memory_came_from()
    {
        // The sensor at 50Mi of its 51Mi (98%) for two hours; VictoriaMetrics peaks at 82.5Mi of 102Mi.
        var decision = AutopilotPlanner.Decide(Stack(Mi(50), Mi(82.5)));

        Assert.Equal(
        [
            "victoriaMetrics 102Mi→95Mi: for sensor",
            "sensor 51Mi→58Mi: peak 50Mi + 15%, at ≥95% of the limit twice running; from victoriaMetrics 102Mi→95Mi",
        ], decision.Steps.Select(s => s.Message));
        Assert.Equal([ResizeReasons.Rebalanced, ResizeReasons.NearLimit], decision.Steps.Select(s => s.Reason));
        Assert.Equal((Mi(58), Mi(95)), (decision[ComponentNames.Sensor].Need, decision[ComponentNames.VictoriaMetrics].Need));
        Assert.Equal(ConditionReasons.Balanced, decision.Condition.Reason);
        Assert.Equal("the observed demand needs 153Mi (sensor 58Mi + victoriaMetrics 95Mi) of the 153Mi the budget leaves; the other 0 is shared by weight", decision.Condition.Message);
        var record = decision[ComponentNames.Sensor].History.LastResize!;
        Assert.Equal((Now, Mi(51), Mi(58), ResizeReasons.NearLimit), (record.At, record.From, record.To, record.Reason));
    }

    [Fact]
    public void A_restarted_operator_reads_the_decision_back_from_status_and_makes_no_new_one()
    {
        var first = AutopilotPlanner.Decide(Stack(Mi(50), Mi(82.5)));
        var persisted = first.Components.ToDictionary(c => c.Name, c => RoundTrip(c.History, Now));

        // A minute later, both steps applied: the cooldown holds, nothing moves.
        var later = Now + TimeSpan.FromMinutes(1);
        var applied = AutopilotPlanner.Decide(Stack(0, 0, 58, 95, persisted[ComponentNames.Sensor], persisted[ComponentNames.VictoriaMetrics], later));
        Assert.Empty(applied.Steps);

        // Only the decrease got through before the restart: the same increase is continued, nothing else.
        var halfway = AutopilotPlanner.Decide(Stack(0, 0, 51, 95, persisted[ComponentNames.Sensor], persisted[ComponentNames.VictoriaMetrics], later));
        var step = Assert.Single(halfway.Steps);
        Assert.Equal((ComponentNames.Sensor, Mi(51), Mi(58)), (step.Component, step.From, step.To));
        Assert.Equal(Now, halfway[ComponentNames.Sensor].History.LastResize!.At);
    }

    [Fact]
    public void Within_the_cooldown_a_change_waits_and_after_it_goes_ahead()
    {
        // Sensor 40Mi and VictoriaMetrics 40Mi: targets 61Mi and 91Mi, 10Mi and 11Mi away.
        var history = Observed(Mi(40), Mi(51), TimeSpan.FromHours(2), Now) with
        {
            LastResize = new ResizeRecord(Now - TimeSpan.FromMinutes(29), Mi(45), Mi(51), ResizeReasons.PeakGrew, "sensor 45Mi→51Mi"),
        };
        var vm = Observed(Mi(40), Mi(102), TimeSpan.FromHours(2), Now);

        Assert.Empty(AutopilotPlanner.Decide(Stack(0, 0, sensorHistory: history, vmHistory: vm)).Steps);
        var after = Now + TimeSpan.FromMinutes(1);
        Assert.NotEmpty(AutopilotPlanner.Decide(Stack(0, 0, sensorHistory: history, vmHistory: Observed(Mi(40), Mi(102), TimeSpan.FromHours(2), after), now: after)).Steps);
        Assert.Contains("kept (cooldown of 30m)", AutopilotPlanner.Decide(Stack(0, 0, sensorHistory: history, vmHistory: vm))[ComponentNames.Sensor].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_OOM_kill_is_answered_at_once_even_within_the_cooldown_and_only_once()
    {
        var killed = Observed(Mi(40), Mi(51), TimeSpan.FromHours(2), Now) with
        {
            LastResize = new ResizeRecord(Now - TimeSpan.FromMinutes(5), Mi(45), Mi(51), ResizeReasons.PeakGrew, ""),
            OomKills = [new OomKill(Now, Mi(51), Answered: false)],
        };

        var decision = AutopilotPlanner.Decide(Stack(0, Mi(40), sensorHistory: killed));
        var bump = decision.Steps.Single(s => s.Component == ComponentNames.Sensor);
        Assert.Equal(ResizeReasons.OomKilled, bump.Reason);
        Assert.True(bump.To >= Mi(67), bump.Message); // max(51 x 1.25, 51 + 16)
        Assert.StartsWith("sensor 51Mi→", bump.Message, StringComparison.Ordinal);
        Assert.Contains("OOM kill at 51Mi", bump.Message, StringComparison.Ordinal);

        // The same kill, now answered, asks for nothing more.
        var again = AutopilotPlanner.Decide(Stack(0, Mi(40), bump.To, 153 - (bump.To / Mi(1)), decision[ComponentNames.Sensor].History, null, Now + TimeSpan.FromMinutes(1)));
        Assert.DoesNotContain(again.Steps, s => s.Reason == ResizeReasons.OomKilled);
    }

    [Theory]
    [InlineData(1, 60)]
    [InlineData(2, 120)]
    [InlineData(3, 240)]
    [InlineData(6, 1440)]
    [InlineData(20, 1440)]
    public void The_back_off_doubles_with_each_revert_up_to_a_day(int level, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), HistoryUpdate.Backoff(TimeSpan.FromMinutes(30), level));

    private static ComponentHistory RoundTrip(ComponentHistory history, DateTimeOffset now)
    {
        var status = new ComponentStatus { Name = "x" };
        AutopilotStatusMapping.ToStatus(history, status, now);
        return AutopilotStatusMapping.FromStatus(status);
    }
}
