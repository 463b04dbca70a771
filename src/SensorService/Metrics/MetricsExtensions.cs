using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometheus;
using SensorService.Cpu;
using SensorService.Hosting;

namespace SensorService.Metrics;

public static class MetricsExtensions
{
    public static WebApplicationBuilder AddSensorMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SensorMetrics>();
        builder.Services.TryAddSingleton(services => CgroupMemoryLimit.Detect(
            services.GetRequiredService<IOptions<CpuSpikeOptions>>().Value.CgroupRoot, "/proc/self/cgroup"));
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
        // Resolved at the first scrape: its cgroup root is an option, validated when the host starts.
        var memoryLimit = new Lazy<CgroupMemoryLimit>(app.Services.GetRequiredService<CgroupMemoryLimit>);
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            if (memoryLimit.Value.Read() is { } limit)
            {
                metrics.MemoryLimit.Set(limit);
            }
            else
            {
                metrics.MemoryLimit.Unpublish();
            }
        });
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
