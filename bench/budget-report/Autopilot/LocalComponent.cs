using SensorOperator.Planning.Autopilot;

namespace SensorStack.BudgetReport.Autopilot;

/// <summary>
/// One component of the local run as the autopilot moves it: the operator's name for it, the script's
/// name (its cgroup folder and samples column), its place in the static split, and how its runtime
/// takes a new limit. The sensor follows its cgroup limit while running (GC.RefreshMemoryLimit); the Go
/// components size themselves from it at start, so they grow in place and shrink through a restart.
/// </summary>
internal sealed record LocalComponent(string Name, string Local, long Floor, int Weight, long StaticLimit, ResizeMode Mode)
{
    /// <summary>The samples column the report and chart use for it.</summary>
    public string Column => Local == "vm" ? "victoria-metrics" : Local;
}
