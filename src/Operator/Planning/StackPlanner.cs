using k8s;
using k8s.Models;
using SensorOperator.Api;
using SensorOperator.Planning.Builders;

namespace SensorOperator.Planning;

/// <summary>
/// Spec in, plan out: the limits of every component and every child object, or why none fit.
/// Pure: no I/O, no clock, the same input always gives the same output (the reconciler and
/// `sensor-operator render` both call this).
/// </summary>
public static class StackPlanner
{
    public static PlanResult Plan(V1Alpha1SensorStack stack, PlannerDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(defaults);

        var (spec, invalid) = SpecReader.Read(stack, defaults);
        if (spec is null)
        {
            return invalid!;
        }

        var demands = new List<ComponentDemand>
        {
            new(ComponentNames.Sensor, MemoryPolicy.SensorFloor, MemoryPolicy.SensorWeight, spec.SensorReplicas, spec.SensorLimit),
            new(ComponentNames.VictoriaMetrics, MemoryPolicy.VictoriaMetricsFloor, MemoryPolicy.VictoriaMetricsWeight, 1, spec.VictoriaMetricsLimit),
        };
        if (spec.GrafanaEnabled)
        {
            demands.Add(new(ComponentNames.Grafana, MemoryPolicy.GrafanaFloor, MemoryPolicy.GrafanaWeight, 1, spec.GrafanaLimit));
        }

        if (spec.Alerting.Enabled)
        {
            demands.Add(new(ComponentNames.Alerting, MemoryPolicy.VmAlertFloor, MemoryPolicy.VmAlertWeight, 1, spec.Alerting.Limit));
        }

        var (allocations, failure) = BudgetSplit.Split(spec.BudgetBytes, demands);
        if (allocations is null)
        {
            return failure!;
        }

        var components = allocations.Select(a => ToComponentPlan(spec, a, demands.Single(d => d.Name == a.Name))).ToList();
        var allocated = components.Sum(c => c.TotalBytes);
        return new FeasiblePlan(new StackPlan
        {
            StackName = spec.StackName,
            Namespace = spec.Namespace,
            BudgetBytes = spec.BudgetBytes,
            AllocatedBytes = allocated,
            Components = components,
            Children = BuildChildren(spec, components, new StackPlanNumbers(spec.BudgetBytes, allocated, components)),
            ServiceScrape = ServiceScrapeBuilder.Build(spec, ChildNames.Sensor(spec.StackName)),
            Rule = spec.Alerting.Enabled ? VmAlertBuilder.VMRule(spec) : null,
            Alerting = spec.Alerting.Enabled ? new AlertingPlan(spec.Alerting.NotifierUrl) : null,
            Autopilot = spec.Autopilot,
        });
    }

    private static ComponentPlan ToComponentPlan(ResolvedSpec spec, BudgetSplit.Allocation a, ComponentDemand demand)
    {
        var id = a.Name switch
        {
            ComponentNames.Sensor => ComponentIdentity.Sensor,
            ComponentNames.VictoriaMetrics => ComponentIdentity.VictoriaMetrics,
            ComponentNames.Alerting => ComponentIdentity.VmAlert,
            _ => ComponentIdentity.Grafana,
        };
        return new ComponentPlan
        {
            Name = a.Name,
            DeploymentName = id.NameIn(spec),
            LimitBytes = a.Limit,
            Replicas = a.Replicas,
            Explicit = a.Explicit,
            FloorBytes = demand.Floor,
            Weight = demand.Weight,
            SelectorLabels = id.SelectorIn(spec),
            Note = a.Name == ComponentNames.Alerting ? AlertingNote(spec.Alerting) : null,
        };
    }

    private static string AlertingNote(ResolvedAlerting alerting) => alerting.NotifierUrl is { } url
        ? $"vmalert notifies {url}; alert state is also written to VictoriaMetrics (ALERTS)"
        : "no Alertmanager is notified (spec.alerting.notifierUrl is not set): vmalert evaluates the rules and records alert state in VictoriaMetrics (ALERTS) only";

    /// <summary>Apply order: identities and permissions, then configuration, then Services, then workloads.</summary>
    private static List<IKubernetesObject<V1ObjectMeta>> BuildChildren(ResolvedSpec spec, List<ComponentPlan> components, StackPlanNumbers numbers)
    {
        var sensor = components.Single(c => c.Name == ComponentNames.Sensor);
        var vm = components.Single(c => c.Name == ComponentNames.VictoriaMetrics);
        var grafana = components.SingleOrDefault(c => c.Name == ComponentNames.Grafana);
        var alerting = components.SingleOrDefault(c => c.Name == ComponentNames.Alerting);
        var scrapeName = ChildNames.Scrape(spec.StackName);
        var datasourcesName = ChildNames.GrafanaDatasources(spec.StackName);
        var dashboardsName = ChildNames.GrafanaDashboards(spec.StackName);

        var children = new List<IKubernetesObject<V1ObjectMeta>>
        {
            VictoriaMetricsBuilder.ServiceAccount(spec, vm.DeploymentName),
            VictoriaMetricsBuilder.Role(spec, vm.DeploymentName),
            VictoriaMetricsBuilder.RoleBinding(spec, vm.DeploymentName),
            ScrapeConfigBuilder.ConfigMap(spec, scrapeName),
        };
        if (grafana is not null)
        {
            children.Add(GrafanaBuilder.Datasources(spec, datasourcesName));
            children.Add(GrafanaBuilder.Dashboards(spec, numbers, dashboardsName));
        }

        if (alerting is not null)
        {
            children.Add(VmAlertBuilder.Rules(spec));
        }

        children.Add(SensorBuilder.Service(spec, sensor));
        children.Add(VictoriaMetricsBuilder.Service(spec, vm));
        if (grafana is not null)
        {
            children.Add(GrafanaBuilder.Service(spec, grafana));
        }

        if (alerting is not null)
        {
            children.Add(VmAlertBuilder.Service(spec, alerting));
        }

        children.Add(SensorBuilder.Deployment(spec, sensor));
        children.Add(VictoriaMetricsBuilder.Deployment(spec, vm, scrapeName));
        if (grafana is not null)
        {
            children.Add(GrafanaBuilder.Deployment(spec, grafana, datasourcesName, dashboardsName));
        }

        if (alerting is not null)
        {
            children.Add(VmAlertBuilder.Deployment(spec, alerting));
        }

        return children;
    }
}
