namespace SensorService.Health;

public static class HealthEndpoints
{
    /// <summary>
    /// /healthz: the process serves requests (liveness). /readyz: started and not shutting down,
    /// so that Kubernetes stops sending traffic as soon as SIGTERM arrives (readiness).
    /// </summary>
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        app.MapGet("/readyz", (IHostApplicationLifetime lifetime) =>
            lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested
                ? Results.Text("ready")
                : Results.Text("not ready", statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }
}
