using k8s.Models;
using SensorStack.E2ETests.Support;

namespace SensorStack.E2ETests;

/// <summary>status.used comes from metrics-server's PodMetrics.</summary>
public class UsageTests : ClusterTest
{
    [Fact(Timeout = 600_000)]
    public async Task Status_used_is_filled_from_metrics_server_within_three_minutes()
    {
        var ns = await NamespaceAsync("usage");
        await ns.CreateAsync(Stacks.New("usage", ns.Name, "300Mi"));
        await ns.WaitReadyAsync("usage");

        var stack = await Eventually.UntilAsync("status.used filled", TimeSpan.FromMinutes(3), async ct =>
        {
            var s = await ns.GetAsync("usage", ct);
            var filled = !string.IsNullOrEmpty(s.Status?.Used) && s.Status.Components?.All(c => !string.IsNullOrEmpty(c.Used)) == true;
            return (filled, s, Stacks.Describe(s));
        });

        var used = new ResourceQuantity(stack.Status!.Used).ToInt64();
        Assert.True(used > 0, $"used {stack.Status.Used}");
        // A container's working set cannot exceed its limit (the kernel reclaims or OOM-kills first).
        Assert.True(used <= new ResourceQuantity(stack.Status.Allocated).ToInt64(), $"used {stack.Status.Used} > allocated {stack.Status.Allocated}");
    }
}
