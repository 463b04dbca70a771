using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ControllerMachinery;

/// <summary>Registers the generic controller machinery; the operator adds its reconciler (an <see cref="IReconciler"/>) and informers.</summary>
public static class MachineryServices
{
    private const string LeaderElectionClient = "leader-election";

    /// <summary>
    /// The API client (<see cref="KubeApiClient"/> over one configured client, rate-limited and
    /// counted; any <see cref="DelegatingHandler"/> registered in the container joins its pipeline), applier, deleter, discovery, work queue, the controller
    /// that runs the registered <see cref="IReconciler"/>, and leader election.
    /// </summary>
    public static IServiceCollection AddControllerMachinery(this IServiceCollection services, KubernetesClientConfiguration configuration, MachineryOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options.LeaderElection);
        services.AddSingleton(_ => new ControllerMetrics(options.MetricPrefix));
        services.AddSingleton(_ => new ClientRateLimit(options.Qps, options.Burst));
        services.AddSingleton(sp => new Kubernetes(
            configuration,
            [new ApiRequestHandler(sp.GetRequiredService<ControllerMetrics>(), sp.GetRequiredService<ClientRateLimit>()), .. sp.GetServices<DelegatingHandler>()]));
        services.AddSingleton(sp => new KubeApiClient(sp.GetRequiredService<Kubernetes>()));

        // The Lease gets a client of its own without the QPS limit: renewals queued behind a burst of
        // reconcile requests could miss the renew deadline and hand leadership back and forth.
        services.AddKeyedSingleton(LeaderElectionClient, (sp, _) =>
            KubeApiClient.Create(configuration, new ApiRequestHandler(sp.GetRequiredService<ControllerMetrics>(), rateLimit: null)));

        services.AddSingleton(new ApplierOptions { FieldManager = options.FieldManager, HashAnnotation = options.HashAnnotation, Json = options.Json });
        services.AddSingleton<Applier>();
        services.AddSingleton<Deleter>();
        services.AddSingleton(sp => new ApiDiscovery(
            sp.GetRequiredService<KubeApiClient>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ApiDiscovery>>(), options.DiscoveryInterval));
        services.AddSingleton<LeadershipGate>();
        services.AddSingleton(sp => new WorkQueue<ObjectKey>(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var metrics = sp.GetRequiredService<ControllerMetrics>();
            var queue = sp.GetRequiredService<WorkQueue<ObjectKey>>();
            metrics.Registry.AddBeforeCollectCallback(() => metrics.QueueDepth.Set(queue.Count));
            return new Controller(
                queue, sp.GetRequiredService<IReconciler>(), options.MaxConcurrentReconciles, metrics,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<Controller>>());
        });
        services.AddHostedService(sp => new LeaderElectionService(
            sp.GetRequiredKeyedService<KubeApiClient>(LeaderElectionClient),
            sp.GetRequiredService<LeaderElectionOptions>(),
            sp.GetRequiredService<LeadershipGate>(),
            sp.GetRequiredService<ControllerMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<LeaderElectionService>>()));
        return services;
    }
}
