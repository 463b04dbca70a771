namespace SensorService.Analysis;

/// <summary>The result of the last analysis pass (AnalyzedAt is absent before the first).</summary>
public sealed record AnalysisReport(
    DateTimeOffset? AnalyzedAt,
    double DurationSeconds,
    int SensorsAnalyzed,
    int AnomalousSensors,
    double ScoreThreshold,
    IReadOnlyList<SensorScore> Top);

/// <summary>How far a sensor's latest reading is from its recent median, in robust standard deviations.</summary>
public sealed record SensorScore(string SensorId, double Score, double Latest, double Median);
