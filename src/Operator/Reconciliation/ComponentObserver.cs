using ControllerMachinery;
using SensorOperator.Observation;
using SensorOperator.Planning;

namespace SensorOperator.Reconciliation;

/// <summary>
/// Observes the planned components: ready replicas and OOM kills from the caches, working sets from
/// metrics.k8s.io. Without the metrics API everything else is still observed.
/// </summary>
public sealed class ComponentObserver(StackCaches caches, PodMetricsSource metrics)
{
    public async Task<StackObservation> ObserveAsync(ObjectKey stack, StackPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var components = plan.Components
            .Select(c => new ObservedComponent(c.Name, c.SelectorLabels, caches.Deployments.Cache.Get(stack.Namespace, c.DeploymentName)))
            .ToList();

        k8s.Models.PodMetricsList? podMetrics = null;
        string? metricsError = null;
        try
        {
            podMetrics = await metrics.GetAsync(stack.Namespace, cancellationToken);
        }
        catch (MetricsUnavailableException ex)
        {
            metricsError = ex.Message;
        }

        return StackObserver.Observe(components, caches.PodsOf(stack), podMetrics, metricsError);
    }
}
