using SensorOperator.Reconciliation.Autopilot;

namespace SensorOperator.Tests.Integration;

/// <summary>
/// The budget autopilot over a simulated day against the fake API server: demand moves from the
/// sensor to VictoriaMetrics, the limits follow it, the budget holds after every single write, few
/// pods restart, an operator restart causes no burst of resizes, and a cluster without the resize
/// subresource gets there through the pod templates.
/// </summary>
public sealed class AutopilotTimelineTests
{
    private const long Mi = 1024 * 1024;
    private const long Budget = 160 * Mi;

    /// <summary>
    /// Restarts (pods replaced or containers restarted) a simulated day may cost: demand moves once
    /// each way, and each shrink of a Go component or of a template is one restart.
    /// </summary>
    private const int RestartsPerDay = 6;

    /// <summary>
    /// Working sets per pod (MiB): the sensor busy until 06:00 while VictoriaMetrics idles; from
    /// 06:00 to 12:00 demand moves over; from noon VictoriaMetrics answers heavy queries.
    /// </summary>
    private static IReadOnlyDictionary<string, long> Day(DateTimeOffset now)
    {
        var hours = (now - AutopilotTimeline.Start).TotalHours;
        var shift = Math.Clamp((hours - 6) / 6, 0, 1);
        return new Dictionary<string, long>
        {
            ["sensor"] = (long)Math.Round(50 - (30 * shift)),
            ["victoriaMetrics"] = (long)Math.Round(40 + (60 * shift)),
        };
    }

    [Fact]
    public async Task Over_a_day_limits_follow_demand_within_the_budget_at_every_write_and_an_operator_restart_causes_no_burst()
    {
        await using var day = await AutopilotTimeline.StartAsync(kubernetesMinor: 34, budget: "160Mi");
        var staticSensor = day.LimitMi("sensor");
        var staticVm = day.LimitMi("victoriaMetrics");
        long sensorAtDawn = 0;
        var resizesBeforeRestart = 0L;
        var templateWritesBeforeRestart = 0;
        for (var step = 1; step <= 48; step++)
        {
            await day.AdvanceAsync(Day);
            Log(day);
            if (step == 11)
            {
                sensorAtDawn = day.LimitMi("sensor");
            }

            if (step == 40)
            {
                // 20:00, demand steady: the operator restarts and must resume, not start over.
                await day.StopOperatorAsync();
                resizesBeforeRestart = day.Api.Requests.Count("patch", "pods/resize");
                templateWritesBeforeRestart = BudgetReplay.Check(day.Writes.Writes, AutopilotTimeline.Stack, Budget).TemplateChanges;
                await day.StartOperatorAsync();
            }

            if (step == 43)
            {
                Assert.Equal(resizesBeforeRestart, day.Api.Requests.Count("patch", "pods/resize"));
                Assert.Equal(templateWritesBeforeRestart, BudgetReplay.Check(day.Writes.Writes, AutopilotTimeline.Stack, Budget).TemplateChanges);
            }
        }

        var replay = BudgetReplay.Check(day.Writes.Writes, AutopilotTimeline.Stack, Budget);
        TestContext.Current.TestOutputHelper?.WriteLine($"restarts {replay.Restarts}, template changes {replay.TemplateChanges}, peak templates {replay.PeakTemplates >> 20}Mi, peak pods {replay.PeakPods >> 20}Mi, resizes {day.Api.Requests.Count("patch", "pods/resize")}");
        Assert.Empty(replay.Violations);
        Assert.True(sensorAtDawn > staticSensor, $"the busy sensor grew from its static {staticSensor}Mi (at 05:30: {sensorAtDawn}Mi)");
        Assert.True(day.LimitMi("victoriaMetrics") > staticVm, $"VictoriaMetrics grew from its static {staticVm}Mi (at midnight: {day.LimitMi("victoriaMetrics")}Mi)");
        Assert.True(day.LimitMi("victoriaMetrics") * Mi >= 100 * Mi * 115 / 100, $"VictoriaMetrics' limit {day.LimitMi("victoriaMetrics")}Mi covers its 100Mi peak and headroom");
        Assert.True(day.LimitMi("sensor") < sensorAtDawn, "the idle sensor gave memory back");
        Assert.True(replay.Restarts <= RestartsPerDay, $"{replay.Restarts} restarts in a simulated day (bound {RestartsPerDay})");
        Assert.True(day.Api.Requests.Count("patch", "pods/resize", 200) > 0, "changes went in place");
        Assert.NotEmpty(day.Harness.Events(AutopilotTimeline.Stack, AutopilotStatus.ResizedReason));
        Assert.Empty(day.Api.Failures);
    }

    [Fact]
    public async Task Without_the_resize_subresource_the_limits_follow_demand_through_the_pod_templates()
    {
        await using var day = await AutopilotTimeline.StartAsync(kubernetesMinor: 32, budget: "160Mi");
        var staticVm = day.LimitMi("victoriaMetrics");
        for (var step = 1; step <= 48; step++)
        {
            await day.AdvanceAsync(Day);
            Log(day);
        }

        var replay = BudgetReplay.Check(day.Writes.Writes, AutopilotTimeline.Stack, Budget);
        Assert.Empty(replay.Violations);
        Assert.Equal(0, day.Api.Requests.Count("patch", "pods/resize"));
        Assert.True(replay.TemplateChanges > 0, "the templates carried the changes");
        Assert.True(day.LimitMi("victoriaMetrics") > staticVm, $"VictoriaMetrics grew from its static {staticVm}Mi");
        Assert.Equal(day.Component("victoriaMetrics").Limit, day.Component("victoriaMetrics").LimitInForce);
        Assert.Empty(day.Api.Failures);
    }

    /// <summary>The trajectory, for reading a failure: time, then each component's limit and what its pods run with.</summary>
    private static void Log(AutopilotTimeline day) =>
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{day.Now:HH:mm} sensor {day.Component("sensor").Limit}/{day.Component("sensor").LimitInForce} vm {day.Component("victoriaMetrics").Limit}/{day.Component("victoriaMetrics").LimitInForce} {day.Harness.Stack(AutopilotTimeline.Stack)?.Status?.Conditions?.FirstOrDefault(c => c.Type == "Autopilot")?.Reason}");
}
