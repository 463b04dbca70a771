using SensorOperator.Observation;

namespace SensorOperator.Reconciliation.Steps;

/// <summary>
/// Observes the planned components: ready replicas and OOM kills from the caches, working sets from
/// metrics.k8s.io. Without the metrics API everything else is still observed.
/// </summary>
public sealed class ObserveStep(StackCaches caches, PodMetricsSource metrics) : IReconcileStep
{
    public async Task RunAsync(ReconcileContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Feasible is not { } plan)
        {
            return;
        }

        var ns = context.Key.Namespace;
        var components = plan.Components
            .Select(c => new ObservedComponent(c.Name, c.SelectorLabels, caches.Deployments.Cache.Get(ns, c.DeploymentName)))
            .ToList();

        k8s.Models.PodMetricsList? podMetrics = null;
        string? metricsError = null;
        try
        {
            podMetrics = await metrics.GetAsync(ns, cancellationToken);
        }
        catch (MetricsUnavailableException ex)
        {
            metricsError = ex.Message;
        }

        context.Observation = StackObserver.Observe(components, caches.PodsOf(context.Key), podMetrics, metricsError);
    }
}
