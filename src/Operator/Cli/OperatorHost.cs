using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using SensorOperator.Kubernetes;
using SensorOperator.Observation;
using SensorOperator.Planning;
using SensorOperator.Reconciliation;
using SensorOperator.Reconciliation.Steps;

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

    private const string LeaderElectionClient = "leader-election";

    public static WebApplication Build(OperatorOptions options, KubernetesClientConfiguration configuration, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        time ??= TimeProvider.System;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Parse(options.HttpAddress), options.HttpPort));
        ConfigureLogging(builder.Logging, options.LogLevel);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(time);
        services.AddSingleton(_ => NewMetrics());
        services.AddSingleton<IKubernetes>(sp => new k8s.Kubernetes(
            configuration,
            new ApiRequestHandler(sp.GetRequiredService<ControllerMetrics>(), new TokenBucket(options.Qps, options.Burst, time))));
        services.AddSingleton(sp => new StackCaches(
            sp.GetRequiredService<IKubernetes>(), options.Namespace, time, sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<ControllerMetrics>(), options.WatchTimeout));
        services.AddSingleton(new ApplierOptions { FieldManager = OperatorOptions.FieldManager, HashAnnotation = HashAnnotation });
        services.AddSingleton<Applier>();
        services.AddSingleton<Deleter>();
        services.AddSingleton(sp => new ApiDiscovery(sp.GetRequiredService<IKubernetes>(), time, sp.GetRequiredService<ILogger<ApiDiscovery>>(), options.DiscoveryInterval));
        services.AddSingleton(sp => new PodMetricsSource(sp.GetRequiredService<IKubernetes>(), time, MetricsMaxAge(options.ObserveInterval)));
        services.AddSingleton(sp => new EventRecorder(sp.GetRequiredService<IKubernetes>(), time, OperatorOptions.FieldManager, options.Identity));
        services.AddSingleton<EventDeduplicator>();
        services.AddSingleton<LeadershipGate>();
        services.AddSingleton(sp => new WorkQueue<ObjectKey>(time));
        services.AddSingleton(sp => new PlannerDefaults
        {
            SensorImage = options.SensorImage ?? PlannerDefaults.DefaultSensorImage,
        });
        services.AddSingleton<IReconciler>(sp => new SensorStackReconciler(
            [
                new LoadStep(sp.GetRequiredService<StackCaches>()),
                new PlanStep(sp.GetRequiredService<PlannerDefaults>()),
                new ApplyChildrenStep(sp.GetRequiredService<Applier>(), sp.GetRequiredService<StackCaches>(), sp.GetRequiredService<ApiDiscovery>()),
                new DeleteUnwantedStep(sp.GetRequiredService<Deleter>(), sp.GetRequiredService<StackCaches>()),
                new ObserveStep(sp.GetRequiredService<StackCaches>(), sp.GetRequiredService<PodMetricsSource>()),
                new WriteStatusStep(sp.GetRequiredService<IKubernetes>()),
                new EmitEventsStep(sp.GetRequiredService<EventRecorder>(), sp.GetRequiredService<EventDeduplicator>()),
            ],
            options.ObserveInterval,
            time,
            sp.GetRequiredService<ILogger<SensorStackReconciler>>()));
        services.AddSingleton(sp => new Controller(
            sp.GetRequiredService<WorkQueue<ObjectKey>>(), sp.GetRequiredService<IReconciler>(), options.MaxConcurrentReconciles,
            sp.GetRequiredService<ControllerMetrics>(), time, sp.GetRequiredService<ILogger<Controller>>()));
        services.AddSingleton(new LeaderElectionOptions
        {
            Enabled = options.LeaderElect,
            Namespace = options.LeaderElectionNamespace,
            LeaseName = OperatorOptions.LeaseName,
            Identity = options.Identity,
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
        });

        services.AddHostedService(sp =>
        {
            var caches = sp.GetRequiredService<StackCaches>();
            var metrics = sp.GetRequiredService<ControllerMetrics>();
            var queue = sp.GetRequiredService<WorkQueue<ObjectKey>>();
            metrics.Registry.AddBeforeCollectCallback(() => metrics.QueueDepth.Set(queue.Count));
            StackEventHandlers.Register(caches, queue, sp.GetRequiredService<EventDeduplicator>());
            return new InformersService(caches.Required, caches.StopOptionalAsync);
        });
        // The Lease gets a client of its own without the QPS limit: renewals queued behind a burst of
        // reconcile requests could miss the renew deadline and hand leadership back and forth.
        services.AddKeyedSingleton<IKubernetes>(LeaderElectionClient, (sp, _) =>
            new k8s.Kubernetes(configuration, new ApiRequestHandler(sp.GetRequiredService<ControllerMetrics>(), rateLimit: null)));
        services.AddHostedService(sp => new LeaderElectionService(
            sp.GetRequiredKeyedService<IKubernetes>(LeaderElectionClient),
            sp.GetRequiredService<LeaderElectionOptions>(),
            sp.GetRequiredService<LeadershipGate>(),
            sp.GetRequiredService<ControllerMetrics>(),
            sp.GetRequiredService<ILogger<LeaderElectionService>>()));
        services.AddHostedService(sp => new ControllerService(
            sp.GetRequiredService<Controller>(), sp.GetRequiredService<StackCaches>(), sp.GetRequiredService<LeadershipGate>(), time));

        var app = builder.Build();
        var stackCaches = app.Services.GetRequiredService<StackCaches>();
        app.MapOperatorEndpoints(() => stackCaches.HasSynced, app.Services.GetRequiredService<ControllerMetrics>());
        return app;
    }

    /// <summary>The URLs the HTTP endpoint listens on (after start); tests use port 0 and read the real one here.</summary>
    public static IReadOnlyList<string> HttpAddresses(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return [.. host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];
    }

    /// <summary>PodMetrics are shared per namespace for at most half the observe interval (and 10 s).</summary>
    internal static TimeSpan MetricsMaxAge(TimeSpan observeInterval) =>
        TimeSpan.FromTicks(Math.Min(observeInterval.Ticks / 2, TimeSpan.FromSeconds(10).Ticks));

    private static ControllerMetrics NewMetrics()
    {
        var metrics = new ControllerMetrics();
        // Process and runtime metrics (RSS, GC) in the operator's own registry, for the memory targets.
        DotNetStats.Register(metrics.Registry);
        return metrics;
    }

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
