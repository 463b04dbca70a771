using SensorOperator.Api;
using SensorOperator.Planning;
using SensorOperator.Planning.Autopilot;
using static SensorOperator.Tests.Planning.StackFactory;

namespace SensorOperator.Tests.Planning.Autopilot;

public class AutopilotSpecTests
{
    [Fact]
    public void Without_spec_autopilot_it_is_off_and_the_plan_is_the_static_split()
    {
        var plan = Feasible(Stack("300Mi"));

        Assert.Equal(AutopilotSettings.Disabled, plan.Autopilot);
        Assert.Equal([Mi(100), Mi(200)], plan.Components.Select(c => c.LimitBytes));
        Assert.Equal([(Mi(32), 1), (Mi(64), 2)], plan.Components.Select(c => (c.FloorBytes, c.Weight)));
    }

    [Fact]
    public void Enabled_alone_means_the_documented_defaults()
    {
        var plan = Feasible(Stack("300Mi", s => s.Autopilot = new AutopilotSpec { Enabled = true }));

        Assert.Equal(new AutopilotSettings(true, 15, Mi(8), TimeSpan.FromMinutes(30), TimeSpan.FromHours(6)), plan.Autopilot);
        // Enabling it changes no child: the decision moves limits from the static split, later.
        Assert.Equal(Feasible(Stack("300Mi")).Components.Select(c => c.LimitBytes), plan.Components.Select(c => c.LimitBytes));
    }

    [Fact]
    public void Every_field_is_read()
    {
        var plan = Feasible(Stack("300Mi", s => s.Autopilot = new AutopilotSpec { Enabled = true, HeadroomPercent = 0, MinChange = "4Mi", Cooldown = "5m", ShrinkAfter = "24h" }));

        Assert.Equal(new AutopilotSettings(true, 0, Mi(4), TimeSpan.FromMinutes(5), TimeSpan.FromHours(24)), plan.Autopilot);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void A_headroom_outside_0_to_100_is_refused_naming_the_field(int percent)
    {
        var refused = Infeasible(Stack("300Mi", s => s.Autopilot = new AutopilotSpec { HeadroomPercent = percent }));

        Assert.Equal(("spec.autopilot.headroomPercent", $"spec.autopilot.headroomPercent: {percent} must be between 0 and 100"), (refused.Field, refused.Message));
    }

    [Fact]
    public void A_bad_duration_says_what_the_bounds_are()
    {
        var refused = Infeasible(Stack("300Mi", s => s.Autopilot = new AutopilotSpec { ShrinkAfter = "30m" }));

        Assert.Equal("spec.autopilot.shrinkAfter: \"30m\" must be between 1h and 168h", refused.Message);
    }
}
