using SensorService.Analysis;

namespace SensorService.Stats;

/// <summary>GET /api/stats: aggregates over everything stored, as of <see cref="GeneratedAt"/>.</summary>
public sealed record StatsSnapshot(
    DateTimeOffset GeneratedAt,
    int Sensors,
    int MaxSensors,
    int RingCapacity,
    long ReadingsStored,
    long ReadingsAccepted,
    long SensorsEvicted,
    ValueSummary? Values,
    AnalysisReport Analysis);

/// <summary>Minimum, maximum and mean of every stored value; absent while nothing is stored.</summary>
public sealed record ValueSummary(double Min, double Max, double Mean);
