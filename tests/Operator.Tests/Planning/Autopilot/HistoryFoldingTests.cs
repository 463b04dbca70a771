using SensorOperator.Api;
using SensorOperator.Planning.Autopilot;
using static SensorOperator.Tests.Planning.Autopilot.AutopilotSimulation;

namespace SensorOperator.Tests.Planning.Autopilot;

public class HistoryFoldingTests
{
    private static readonly AutopilotSettings On = AutopilotSettings.EnabledDefaults;
    private static readonly DateTimeOffset T0 = AutopilotSimulation.Start;

    private static ComponentHistory Fold(ComponentHistory h, long? ws, TimeSpan at, long limit = 100, int kills = 0, int restarts = 0) =>
        HistoryFolding.Fold(h, new ComponentSample(ws, Mi(limit), kills, restarts), T0 + at, On);

    [Fact]
    public void One_peak_is_kept_per_interval_the_highest()
    {
        var h = Fold(ComponentHistory.Empty, Mi(30), TimeSpan.FromMinutes(10));
        h = Fold(h, Mi(50), TimeSpan.FromMinutes(20));
        h = Fold(h, Mi(40), TimeSpan.FromMinutes(50));
        h = Fold(h, Mi(20), TimeSpan.FromMinutes(70));

        Assert.Equal([(T0, Mi(50)), (T0 + TimeSpan.FromHours(1), Mi(20))], h.Peaks.Select(p => (p.Start, p.Bytes)));
        Assert.Equal(T0 + TimeSpan.FromMinutes(20), h.Peaks[0].At);
        Assert.Equal(T0 + TimeSpan.FromMinutes(10), h.HistorySince);
    }

    [Fact]
    public void A_peak_leaves_the_window_once_its_whole_interval_is_older_than_shrinkAfter()
    {
        var h = Fold(ComponentHistory.Empty, Mi(90), TimeSpan.FromMinutes(30));
        h = Fold(h, Mi(20), TimeSpan.FromHours(6) + TimeSpan.FromMinutes(59));
        Assert.Equal(Mi(90), PeakWindow.Highest(h)!.Bytes);

        h = Fold(h, Mi(20), TimeSpan.FromHours(7));
        Assert.Equal(Mi(20), PeakWindow.Highest(h)!.Bytes);
    }

    [Fact]
    public void The_near_limit_streak_counts_consecutive_observations_and_a_gap_breaks_it()
    {
        var h = Fold(ComponentHistory.Empty, Mi(96), TimeSpan.FromMinutes(5));
        h = Fold(h, Mi(95), TimeSpan.FromMinutes(10));
        Assert.Equal(2, h.NearLimitStreak);

        h = Fold(h, null, TimeSpan.FromMinutes(15));
        Assert.Equal(0, h.NearLimitStreak);
        Assert.Null(h.LastWorkingSet);
        h = Fold(h, Mi(94), TimeSpan.FromMinutes(20));
        Assert.Equal(0, h.NearLimitStreak);
    }

    [Fact]
    public void OOM_kills_are_kept_a_day_with_the_limit_they_happened_at_and_restarts_add_up()
    {
        var h = Fold(ComponentHistory.Empty, null, TimeSpan.FromHours(1), limit: 64, kills: 2, restarts: 1);
        h = Fold(h, Mi(30), TimeSpan.FromHours(2), restarts: 2);

        Assert.Equal([(T0 + TimeSpan.FromHours(1), Mi(64), false), (T0 + TimeSpan.FromHours(1), Mi(64), false)], h.OomKills.Select(k => (k.At, k.Limit, k.Answered)));
        Assert.Equal(3, h.RestartsSinceResize);
        Assert.Equal(T0 + TimeSpan.FromHours(2), h.HistorySince);

        h = Fold(h, Mi(30), TimeSpan.FromHours(25));
        Assert.Empty(h.OomKills);
    }

    [Fact]
    public void A_whole_window_of_metrics_is_needed_before_a_shrink_and_a_gap_voids_it()
    {
        var h = ComponentHistory.Empty;
        for (var t = TimeSpan.FromMinutes(5); t <= TimeSpan.FromHours(7); t += TimeSpan.FromMinutes(5))
        {
            h = Fold(h, Mi(30), t);
        }

        Assert.True(PeakWindow.Covers(h, T0 + TimeSpan.FromHours(7), On));
        Assert.False(PeakWindow.Covers(h, T0 + TimeSpan.FromHours(9), On)); // 7h..9h unseen
        var young = AutopilotHistoryBuilder.Observed(Mi(30), Mi(100), TimeSpan.FromHours(3), T0 + TimeSpan.FromHours(3));
        Assert.False(PeakWindow.Covers(young, T0 + TimeSpan.FromHours(3), On));
        Assert.True(PeakWindow.Covers(young, T0 + TimeSpan.FromHours(3), On, fullWindow: false));
    }

    [Fact]
    public void Status_keeps_everything_a_restarted_operator_needs()
    {
        var h = Fold(ComponentHistory.Empty, Mi(48), TimeSpan.FromMinutes(5), kills: 1, restarts: 1) with
        {
            LastResize = new ResizeRecord(T0, Mi(51), Mi(60), ResizeReasons.PeakGrew, "sensor 51Mi→60Mi: peak 52Mi + 15%"),
            BackoffLevel = 2,
            BackoffUntil = T0 + TimeSpan.FromHours(2),
            Corrections = [T0],
            Need = Mi(60),
            NeedAtResize = Mi(60),
        };
        var status = new ComponentStatus { Name = "sensor" };

        AutopilotStatusMapping.ToStatus(h, status, T0 + TimeSpan.FromMinutes(5));
        var back = AutopilotStatusMapping.FromStatus(status);

        Assert.Equal(("48Mi", "60Mi", 1), (status.Peak, status.Need, status.OomKills24h));
        Assert.Equal(("51Mi", "60Mi", ResizeReasons.PeakGrew), (status.LastResize!.From, status.LastResize.To, status.LastResize.Reason));
        Assert.Equal(h.Peaks, back.Peaks);
        Assert.Equal(h.OomKills, back.OomKills);
        Assert.Equal(h.Corrections, back.Corrections);
        Assert.Equal(h with { Peaks = back.Peaks, OomKills = back.OomKills, Corrections = back.Corrections }, back);
    }
}
