namespace SensorService.Stats;

public static class StatsEndpoints
{
    public static WebApplication MapStatsEndpoint(this WebApplication app)
    {
        // A constant-time read of JSON the aggregator already serialized.
        app.MapGet("/api/stats", (StatsAggregator stats) => TypedResults.Bytes(stats.Current.Json, "application/json"))
            .RequireRateLimiting(Ingestion.ReadingEndpoints.RateLimitPolicy);
        return app;
    }
}
