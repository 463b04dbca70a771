using SensorService.Hosting;

namespace SensorService.Analysis;

public sealed class AnalysisOptions : IValidatedOptions
{
    public static string Section => "Sensor:Analysis";

    /// <summary>How often every buffer is scored (the work the request path must never do).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Robust z-score above which a sensor's latest reading counts as anomalous.</summary>
    public double ScoreThreshold { get; set; } = 3.5;

    /// <summary>How many of the highest-scoring anomalous sensors GET /api/stats lists.</summary>
    public int TopCount { get; set; } = 10;

    public void Validate(OptionErrors errors)
    {
        errors.Range(nameof(Interval), Interval, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(24));
        errors.Range(nameof(ScoreThreshold), ScoreThreshold, 0.1, 1000);
        errors.Range(nameof(TopCount), TopCount, 0, 1000);
    }
}
