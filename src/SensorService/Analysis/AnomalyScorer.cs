namespace SensorService.Analysis;

/// <summary>
/// Robust z-score of the latest value against its buffer: (x - median) / (1.4826 x MAD). The
/// median and the median absolute deviation ignore the outliers they are meant to find, unlike
/// mean and standard deviation. Pure; sorts its scratch space in place.
/// </summary>
public static class AnomalyScorer
{
    // 1.4826 x MAD estimates the standard deviation of normally distributed data.
    private const double MadToSigma = 1.4826;

    // With MAD = 0 (over half the values identical), the mean absolute deviation scaled to a
    // standard deviation (sqrt(pi/2)) is used, as in the usual modified z-score definition.
    private const double MeanAdToSigma = 1.2533;

    /// <summary>Scores <paramref name="latest"/> against <paramref name="values"/> (reordered by the call).</summary>
    public static (double Score, double Median) Score(Span<double> values, double latest)
    {
        if (values.Length == 0)
        {
            return (0, latest);
        }

        values.Sort();
        var median = Median(values);
        var meanDeviation = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            var deviation = Math.Abs(values[i] - median);
            meanDeviation += deviation;
            values[i] = deviation;
        }

        meanDeviation /= values.Length;
        values.Sort();
        var mad = Median(values);
        var distance = Math.Abs(latest - median);
        if (distance == 0)
        {
            return (0, median);
        }

        var sigma = mad > 0 ? MadToSigma * mad : MeanAdToSigma * meanDeviation;
        return (sigma > 0 ? distance / sigma : double.PositiveInfinity, median);
    }

    private static double Median(ReadOnlySpan<double> sorted)
    {
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
