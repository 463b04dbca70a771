using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace ControllerMachinery;

/// <summary>/healthz (the process serves requests), /readyz (caches synced) and /metrics.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder endpoints, Func<bool> ready, ControllerMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapGet("/readyz", () => ready()
            ? Results.Text("ok")
            : Results.Text("informer caches not synced", statusCode: StatusCodes.Status503ServiceUnavailable));
        endpoints.MapMetrics("/metrics", metrics.Registry);
        return endpoints;
    }
}
