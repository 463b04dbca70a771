using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using ControllerMachinery;
using SensorOperator.Api;
using SensorOperator.Reconciliation;

namespace SensorOperator.Cli;

/// <summary>
/// Builds the operator: informers, the SensorStack controller, leader election and the HTTP
/// endpoint, in one host. <c>sensor-operator run</c> uses it, and so do in-process tests, which
/// pass the configuration of a fake API server.
/// </summary>
public static class OperatorHost
{
    /// <summary>Annotation holding the hash of the desired content last applied to a child.</summary>
    public const string HashAnnotation = "sensorstack.io/applied-hash";

    /// <summary>Prefix of the operator's metric names.</summary>
    public const string MetricPrefix = "sensor_operator_";

    /// <param name="configureServices">Runs last, so it can add to or replace what is registered (tests inject faults).</param>
    public static WebApplication Build(
        OperatorOptions options, KubernetesClientConfiguration configuration, TimeProvider? time = null, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        if (options.Problems() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Parse(options.HttpAddress), options.HttpPort));
        ConfigureLogging(builder.Logging, options.LogLevel);

        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddControllerMachinery(configuration, Machinery(options));
        builder.Services.AddSensorStackController(options);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        var metrics = app.Services.GetRequiredService<ControllerMetrics>();
        // Process and runtime metrics (RSS, GC) in the operator's own registry, for the memory targets.
        DotNetStats.Register(metrics.Registry);
        var caches = app.Services.GetRequiredService<StackCaches>();
        app.MapOperatorEndpoints(() => caches.HasSynced, metrics);
        return app;
    }

    /// <summary>The URLs the HTTP endpoint listens on (after start); tests use port 0 and read the real one here.</summary>
    public static IReadOnlyList<string> HttpAddresses(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return [.. host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];
    }

    private static MachineryOptions Machinery(OperatorOptions options) => new()
    {
        MetricPrefix = MetricPrefix,
        FieldManager = OperatorOptions.FieldManager,
        HashAnnotation = HashAnnotation,
        Json = OperatorJsonContext.Default.Options,
        Qps = options.Qps,
        Burst = options.Burst,
        MaxConcurrentReconciles = options.MaxConcurrentReconciles,
        DiscoveryInterval = options.DiscoveryInterval,
        LeaderElection = new LeaderElectionOptions
        {
            Enabled = options.LeaderElect,
            Namespace = options.LeaderElectionNamespace,
            LeaseName = OperatorOptions.LeaseName,
            Identity = options.Identity,
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
        },
    };

    private static void ConfigureLogging(ILoggingBuilder logging, string level)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        logging.SetMinimumLevel(level switch
        {
            "trace" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "warn" => LogLevel.Warning,
            "error" => LogLevel.Error,
            _ => LogLevel.Information,
        });
        // Kestrel and hosting chatter says nothing about reconciling.
        logging.AddFilter("Microsoft", LogLevel.Warning);
    }
}
