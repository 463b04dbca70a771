using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SensorService.Hosting;
using SensorService.Metrics;

namespace SensorService.Ingestion;

public static class IngestionExtensions
{
    /// <summary>JSON contract (source-generated), problem responses, body limit and rate limiting.</summary>
    public static WebApplicationBuilder AddReadingIngestion(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<IngestOptions>, IngestOptionsValidator>();
        // Bounds how many POST /api/readings bodies are buffered and parsed at once. Each holds up
        // to MaxBodyBytes plus its parsed readings until stored, so this bound, not the number of
        // clients, caps what a burst adds to the heap. No queue: a request over it is turned away
        // at once with 503 and Retry-After instead of growing the heap toward its hard limit.
        builder.Services.AddSingleton(sp => new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = sp.GetRequiredService<IOptions<IngestOptions>>().Value.MaxConcurrentBatches,
            QueueLimit = 0,
        }));
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();

        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, SensorJsonContext.Default));
        builder.Services.AddProblemDetails();

        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>>((limiter, settings) => ConfigureLimiter(limiter, settings.Value));
        return builder;
    }

    public static WebApplication UseReadingRateLimiter(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static void ConfigureLimiter(RateLimiterOptions limiter, RateLimitOptions settings)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = WriteRejectionAsync;
        if (settings.PermitLimit == 0)
        {
            limiter.AddPolicy(ReadingEndpoints.RateLimitPolicy, _ => RateLimitPartition.GetNoLimiter("all"));
            return;
        }

        // One partition for everyone (see RateLimitOptions). No queue: a client over the limit is
        // told when to retry instead of holding a connection and memory while it waits.
        limiter.AddFixedWindowLimiter(ReadingEndpoints.RateLimitPolicy, window =>
        {
            window.PermitLimit = settings.PermitLimit;
            window.Window = settings.Window;
            window.QueueLimit = 0;
            window.AutoReplenishment = true;
        });
    }

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.RequestServices.GetRequiredService<SensorMetrics>().Rejected("rate_limited");

        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = "https://tools.ietf.org/html/rfc6585#section-4",
                Title = "Too many requests",
                Detail = $"The service's request rate limit is reached; retry after {seconds} s.",
            },
        });
    }
}
