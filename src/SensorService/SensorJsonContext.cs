using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using SensorService.Analysis;
using SensorService.Ingestion;
using SensorService.Stats;

namespace SensorService;

/// <summary>Every type the service reads or writes as JSON: source-generated, no reflection (NativeAOT).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReadingInput))]
[JsonSerializable(typeof(List<ReadingInput?>))]
[JsonSerializable(typeof(AcceptedResponse))]
[JsonSerializable(typeof(SensorReadingsResponse))]
[JsonSerializable(typeof(LatestReadingsResponse))]
[JsonSerializable(typeof(StatsSnapshot))]
[JsonSerializable(typeof(AnalysisReport))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class SensorJsonContext : JsonSerializerContext;
