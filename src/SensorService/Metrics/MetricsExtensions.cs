using Prometheus;
using SensorService.Hosting;

namespace SensorService.Metrics;

public static class MetricsExtensions
{
    public static WebApplicationBuilder AddSensorMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SensorMetrics>();
        return builder;
    }

    /// <summary>
    /// Serves /metrics on the metrics listener only, and nothing else there. The exposition only
    /// reads values that the background services keep current: a scrape does no expensive work.
    /// </summary>
    public static WebApplication MapSensorMetrics(this WebApplication app)
    {
        var ports = app.Services.GetRequiredService<ListenerPorts>();
        var metrics = app.Services.GetRequiredService<SensorMetrics>();
        app.MapWhen(ports.IsMetricsConnection, metricsPort =>
        {
            metricsPort.UseMetricServer(settings => settings.Registry = metrics.Registry, "/metrics");
            metricsPort.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
        return app;
    }
}
