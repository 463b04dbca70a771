using System.Buffers;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using SensorService.Metrics;
using SensorService.Storage;

namespace SensorService.Ingestion;

public static class ReadingEndpoints
{
    internal const string RateLimitPolicy = "api";
    private const int DefaultQueryLimit = 100;

    public static WebApplication MapReadingEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api").RequireRateLimiting(RateLimitPolicy);
        api.MapPost("/readings", PostReadingsAsync);
        api.MapGet("/readings", GetReadings);

        // The queue alert compares these two: the batches in flight as each scrape finds them (the
        // limiter's taken places), and its maximum.
        // Options (and the limiter built from them) are read at the first scrape, after start-up validated them.
        var metrics = app.Services.GetRequiredService<SensorMetrics>();
        var batches = new Lazy<ConcurrencyLimiter>(app.Services.GetRequiredService<ConcurrencyLimiter>);
        var options = app.Services.GetRequiredService<IOptions<IngestOptions>>();
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            var limit = options.Value.MaxConcurrentBatches;
            metrics.IngestLimit.Set(limit);
            metrics.IngestInFlight.Set(limit - (batches.Value.GetStatistics()?.CurrentAvailablePermits ?? limit));
        });
        return app;
    }

    /// <summary>
    /// Reads the body itself instead of binding a parameter, so that every failure (media type,
    /// size, JSON, validation) becomes a problem response and is counted, and so that the whole
    /// batch is validated before anything is stored.
    /// </summary>
    internal static async Task<IResult> PostReadingsAsync(
        HttpContext context, ReadingStore store, SensorMetrics metrics, IOptions<IngestOptions> options, TimeProvider time, ConcurrencyLimiter batches)
    {
        var limits = options.Value;
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            metrics.Rejected("unsupported_media_type");
            return Problems.UnsupportedMediaType(request.ContentType);
        }

        // Shed load before buffering anything: a burst beyond the gate costs a 503, not heap.
        using var place = batches.AttemptAcquire();
        if (!place.IsAcquired)
        {
            metrics.Rejected("overloaded");
            context.Response.Headers.RetryAfter = "1";
            return Problems.Overloaded(limits.MaxConcurrentBatches);
        }

        return await ReadAndStoreAsync(context, store, metrics, limits, time);
    }

    private static async Task<IResult> ReadAndStoreAsync(
        HttpContext context, ReadingStore store, SensorMetrics metrics, IngestOptions limits, TimeProvider time)
    {
        var request = context.Request;

        // Kestrel then enforces the same limit on chunked bodies as they arrive.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limits.MaxBodyBytes;
        }

        if (request.ContentLength > limits.MaxBodyBytes)
        {
            metrics.Rejected("too_large");
            return Problems.TooLarge(limits.MaxBodyBytes);
        }

        SensorReading[] readings;
        ParseFailure? failure;
        try
        {
            var body = request.BodyReader;
            while (true)
            {
                var read = await body.ReadAsync(context.RequestAborted);
                if (read.Buffer.Length > limits.MaxBodyBytes)
                {
                    body.AdvanceTo(read.Buffer.End);
                    metrics.Rejected("too_large");
                    return Problems.TooLarge(limits.MaxBodyBytes);
                }

                if (read.IsCompleted)
                {
                    failure = ReadingParser.TryParse(read.Buffer, limits, time.GetUtcNow(), out readings);
                    body.AdvanceTo(read.Buffer.End);
                    break;
                }

                // Nothing consumed yet: ask for more until the body is complete.
                body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own body limit (set to the same size) can trip first on chunked bodies.
            metrics.Rejected("too_large");
            return Problems.TooLarge(limits.MaxBodyBytes);
        }

        if (failure is not null)
        {
            metrics.Rejected(failure.Reason);
            return Problems.BadRequest(failure);
        }

        store.AddBatch(readings);
        metrics.ReadingsAccepted.Inc(readings.Length);
        return TypedResults.Json(new AcceptedResponse(readings.Length), SensorJsonContext.Default.AcceptedResponse, statusCode: StatusCodes.Status202Accepted);
    }

    internal static IResult GetReadings(string? sensorId, string? limit, ReadingStore store, IOptions<IngestOptions> options)
    {
        // Any positive limit is accepted; the answer is bounded by what the store holds anyway.
        var count = DefaultQueryLimit;
        if (limit is not null && (!int.TryParse(limit, out count) || count < 1))
        {
            return Problems.BadQuery($"limit '{limit}' must be a whole number of at least 1.");
        }

        if (sensorId is null)
        {
            var latest = store.LatestPerSensor(count)
                .Select(r => new LatestReading(r.SensorId, r.Reading.Value, r.Reading.Timestamp))
                .ToList();
            return TypedResults.Json(new LatestReadingsResponse(latest), SensorJsonContext.Default.LatestReadingsResponse);
        }

        var maxIdLength = options.Value.MaxSensorIdLength;
        if (!SensorIds.IsValid(sensorId, maxIdLength))
        {
            return Problems.BadQuery($"sensorId '{sensorId}' {SensorIds.Rule(maxIdLength)}.");
        }

        var readings = store.Latest(sensorId, count);
        if (readings is null)
        {
            return Problems.UnknownSensor(sensorId);
        }

        var output = readings.Select(r => new ReadingOutput(r.Value, r.Timestamp)).ToList();
        return TypedResults.Json(new SensorReadingsResponse(sensorId, output), SensorJsonContext.Default.SensorReadingsResponse);
    }
}
