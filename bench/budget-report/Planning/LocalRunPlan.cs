namespace SensorStack.BudgetReport.Planning;

/// <summary>Loopback ports of the local run (picked free by the script).</summary>
internal sealed record LocalPorts(int SensorHttp, int SensorMetrics, int VictoriaMetrics, int Prometheus, int VmAlert = 0);

/// <summary>Files and folders of the local run that stand in for the pod's volumes.</summary>
internal sealed record LocalPaths(string VictoriaMetricsData, string VictoriaMetricsScrapeConfig, string VmAlertRules = "<run>/vmalert-rules.yaml");

/// <summary>One process of the local run, as its container was rendered.</summary>
internal sealed record ProcessPlan(
    string Component,
    string MemoryLimit,
    long MemoryLimitBytes,
    long? CpuLimitMillicores,
    int Replicas,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<KeyValuePair<string, string>> Environment);

/// <summary>One rendered setting and what the local run uses for it; they differ only where the
/// run had to adapt the setting to loopback.</summary>
internal sealed record Setting(string Component, string Name, string Rendered, string Local)
{
    public bool Adapted => Rendered != Local;
}

/// <summary>Everything the script needs to start the stack locally, and what the report says about it.</summary>
/// <param name="Grafana">Grafana's planned limit when the sample enables it. Grafana is not started
/// locally (no Grafana binary comes from the package sources); the budget check counts it at its limit,
/// the most the kubelet lets it use.</param>
internal sealed record LocalRunPlan(
    StackSample Stack,
    ProcessPlan Sensor,
    ProcessPlan VictoriaMetrics,
    ProcessPlan? Grafana,
    AdaptedScrapeConfig Scrape,
    long AllocatedBytes,
    IReadOnlyList<Setting> Settings,
    VmAlertPlan? VmAlert = null);

/// <summary>vmalert, when the sample enables alerting: its process and the rules file it reads.</summary>
internal sealed record VmAlertPlan(ProcessPlan Process, string Rules);
