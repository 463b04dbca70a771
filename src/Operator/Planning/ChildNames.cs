namespace SensorOperator.Planning;

/// <summary>
/// The names of a stack's children, built here and nowhere else: the planner, the scrape
/// configuration (job names) and the tools that read a render all ask this class.
/// </summary>
public static class ChildNames
{
    /// <summary>The Deployment, Service (and for VictoriaMetrics the RBAC objects) of a component.</summary>
    public static string Sensor(string stack) => $"{stack}-sensor";

    public static string VictoriaMetrics(string stack) => $"{stack}-vm";

    public static string Grafana(string stack) => $"{stack}-grafana";

    /// <summary>The ConfigMap holding VictoriaMetrics' promscrape configuration, and the VMServiceScrape.</summary>
    public static string Scrape(string stack) => $"{stack}-scrape";

    public static string GrafanaDatasources(string stack) => $"{Grafana(stack)}-datasources";

    public static string GrafanaDashboards(string stack) => $"{Grafana(stack)}-dashboards";

    /// <summary>vmalert's Deployment and Service.</summary>
    public static string VmAlert(string stack) => $"{stack}-vmalert";

    /// <summary>The ConfigMap of vmalert's rules, and the VMRule with the same rules.</summary>
    public static string Rules(string stack) => $"{stack}-rules";
}
