using ControllerMachinery;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SensorOperator.Api;
using SensorOperator.Cli;
using SensorOperator.Observation;
using SensorOperator.Planning;
using SensorOperator.Reconciliation.Autopilot;

namespace SensorOperator.Reconciliation;

/// <summary>Registers the SensorStack controller: its informers, the reconciler and its phases.</summary>
public static class SensorStackController
{
    public static IServiceCollection AddSensorStackController(this IServiceCollection services, OperatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(sp => new StackCaches(
            sp.GetRequiredService<KubeApiClient>(), OperatorJsonContext.Default.Options, options.Namespace, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<ControllerMetrics>(), options.WatchTimeout));
        services.AddSingleton(new PlannerDefaults { SensorImage = options.SensorImage ?? PlannerDefaults.DefaultSensorImage });
        services.AddSingleton(new ReconcileIntervals(options.ObserveInterval, options.ResyncInterval));
        services.AddSingleton(sp => new PodMetricsSource(sp.GetRequiredService<KubeApiClient>(), sp.GetRequiredService<TimeProvider>(), MetricsMaxAge(options.ObserveInterval)));
        services.AddSingleton(sp => new EventRecorder(sp.GetRequiredService<KubeApiClient>(), sp.GetRequiredService<TimeProvider>(), OperatorOptions.FieldManager, options.Identity));
        services.AddSingleton<EventDeduplicator>();
        services.AddSingleton<ResyncSchedule>();
        services.AddSingleton<ChildApplier>();
        services.AddSingleton<ComponentObserver>();
        services.AddSingleton(sp => new ClusterCapabilities(sp.GetRequiredService<KubeApiClient>(), sp.GetRequiredService<TimeProvider>(), options.DiscoveryInterval));
        services.AddSingleton<RestartTracker>();
        services.AddSingleton<PodResizer>();
        services.AddSingleton<AutopilotPhase>();
        services.AddSingleton<StatusWriter>();
        services.AddSingleton<StackEventEmitter>();
        services.AddSingleton<IReconciler, SensorStackReconciler>();
        services.AddSingleton<UnreadableObjectReporter>();

        services.AddHostedService(sp => sp.GetRequiredService<UnreadableObjectReporter>());
        services.AddHostedService(sp =>
        {
            var caches = sp.GetRequiredService<StackCaches>();
            var deduplicator = sp.GetRequiredService<EventDeduplicator>();
            var resync = sp.GetRequiredService<ResyncSchedule>();
            var restarts = sp.GetRequiredService<RestartTracker>();
            StackEventHandlers.Register(caches, sp.GetRequiredService<WorkQueue<ObjectKey>>(), uid =>
            {
                deduplicator.Forget(uid);
                resync.Forget(uid);
                restarts.Forget(uid);
            });
            var reporter = sp.GetRequiredService<UnreadableObjectReporter>();
            foreach (var informer in caches.Required.Concat(caches.Optional))
            {
                informer.Unreadable += reporter.Report;
            }

            return new InformersService(caches.Required);
        });
        services.AddHostedService(sp => new DiscoveredInformers(
            sp.GetRequiredService<ApiDiscovery>(), sp.GetRequiredService<StackCaches>().Optional, options.DiscoveryInterval,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DiscoveredInformers>>()));
        services.AddHostedService<ControllerService>();
        return services;
    }

    /// <summary>PodMetrics are shared per namespace for at most half the observe interval (and 10 s).</summary>
    internal static TimeSpan MetricsMaxAge(TimeSpan observeInterval) =>
        TimeSpan.FromTicks(Math.Min(observeInterval.Ticks / 2, TimeSpan.FromSeconds(10).Ticks));
}
