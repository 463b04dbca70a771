using SensorService.Analysis;
using SensorService.Cpu;
using SensorService.Health;
using SensorService.Hosting;
using SensorService.Ingestion;
using SensorService.Memory;
using SensorService.Metrics;
using SensorService.Stats;
using SensorService.Storage;

return await CreateApp(args).RunUntilShutdownAsync();

/// <summary>The sensor service: a table of contents of its features.</summary>
public partial class Program
{
    /// <summary>Composes the service. Tests call it with their own settings and replace the clock or
    /// CPU source through <paramref name="overrides"/>.</summary>
    public static WebApplication CreateApp(string[] args, Action<IServiceCollection>? overrides = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.AddSensorHosting();      // ports, Kestrel limits, quiet logging, shutdown
        builder.AddReadingStore();       // bounded per-sensor ring buffers
        builder.AddReadingIngestion();   // JSON contract, problem responses, rate limiting
        builder.AddStatsAggregation();   // background aggregates behind GET /api/stats
        builder.AddAnomalyAnalysis();    // scheduled CPU-heavy analysis over the buffers
        builder.AddCpuSpikeDetection();  // CPU sampler feeding sensor_cpu_spike_seconds
        builder.AddSensorMetrics();      // prometheus-net registry, /metrics on its own port
        builder.AddMemoryLimitWatch();   // follows an in-place resize: cgroup limit -> GC heap limit
        overrides?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapSensorMetrics();
        app.UseReadingRateLimiter();
        app.MapHealthEndpoints();
        app.MapReadingEndpoints();
        app.MapStatsEndpoint();
        return app;
    }
}
