using Microsoft.Extensions.Options;
using SensorService.Hosting;

namespace SensorService.Analysis;

public sealed class AnalysisOptions : ISectionOptions
{
    public const string Section = "Sensor:Analysis";

    string ISectionOptions.Section => Section;

    /// <summary>How often every buffer is scored (the work the request path must never do).</summary>
    [Between("00:00:00.100", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Robust z-score above which a sensor's latest reading counts as anomalous.</summary>
    [Between(0.1, 1000.0)]
    public double ScoreThreshold { get; set; } = 3.5;

    /// <summary>How many of the highest-scoring anomalous sensors GET /api/stats lists.</summary>
    [Between(0, 1000)]
    public int TopCount { get; set; } = 10;
}

/// <summary>Checks the rules on <see cref="AnalysisOptions"/>'s properties (source-generated).</summary>
[OptionsValidator]
public sealed partial class AnalysisOptionsValidator : IValidateOptions<AnalysisOptions>;
