using k8s.Models;
using SensorOperator.Api;

namespace SensorOperator.Planning.Builders;

internal static class Resources
{
    /// <summary>
    /// Memory request == limit: the scheduler reserves exactly what the budget grants, so the budget is
    /// a guarantee. CPU gets only a request (a limit would throttle the sensor's spikes, which it measures).
    /// </summary>
    public static V1ResourceRequirements Memory(long limitBytes, string cpuRequest) => new()
    {
        Requests = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(cpuRequest),
            ["memory"] = Quantities.ToQuantity(limitBytes),
        },
        Limits = new Dictionary<string, ResourceQuantity>
        {
            ["memory"] = Quantities.ToQuantity(limitBytes),
        },
    };
}
