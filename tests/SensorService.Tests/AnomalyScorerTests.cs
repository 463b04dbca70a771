using SensorService.Analysis;

namespace SensorService.Tests;

public sealed class AnomalyScorerTests
{
    [Fact]
    public void A_value_far_from_the_median_scores_high_and_one_at_the_median_scores_zero()
    {
        double[] values = [10, 11, 9, 10, 12, 8, 10, 40];

        var (score, median) = AnomalyScorer.Score(values.ToArray(), 40);
        var (atMedian, _) = AnomalyScorer.Score(values.ToArray(), 10);

        Assert.Equal(10, median);
        // MAD of |x - 10| = {0,1,1,0,2,2,0,30} is 1; (40 - 10) / (1.4826 * 1).
        Assert.Equal(30 / 1.4826, score, 9);
        Assert.Equal(0, atMedian);
    }

    [Fact]
    public void With_most_values_identical_the_mean_absolute_deviation_is_used()
    {
        double[] values = [5, 5, 5, 5, 5, 6];

        var (score, _) = AnomalyScorer.Score(values, 6);

        Assert.Equal(1 / (1.2533 * (1 / 6.0)), score, 9);
    }

    [Fact]
    public void An_empty_or_constant_buffer_gives_no_false_alarm()
    {
        Assert.Equal(0, AnomalyScorer.Score([], 3).Score);
        Assert.Equal(0, AnomalyScorer.Score(new double[] { 2, 2, 2 }, 2).Score);
    }
}
