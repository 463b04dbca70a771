using ControllerMachinery;
using SensorOperator.Planning.Autopilot;
using SensorOperator.Reconciliation.Autopilot;
using SensorStack.FakeKubeApi;

namespace SensorOperator.Tests.Reconciliation;

/// <summary>What the autopilot may do on a cluster, read from its discovery and version.</summary>
public class ClusterCapabilitiesTests
{
    [Theory]
    [InlineData(32, false, ResizeMode.AlwaysRestarts, ResizeMode.AlwaysRestarts)]
    [InlineData(33, true, ResizeMode.ShrinkRestarts, ResizeMode.ShrinkRestarts)]
    [InlineData(34, true, ResizeMode.InPlace, ResizeMode.ShrinkRestarts)]
    public async Task Pods_resize_and_in_place_decreases_follow_the_servers_version(int minor, bool servesResize, ResizeMode sensor, ResizeMode victoriaMetrics)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await FakeKubeApiServer.StartAsync(new FakeKubeApiOptions { KubernetesMinorVersion = minor }, ct);
        var capabilities = new ClusterCapabilities(KubeApiClient.Create(api.ClientConfiguration()), TimeProvider.System, TimeSpan.FromMinutes(1));

        var answer = await capabilities.GetAsync(ct);

        Assert.Equal(new ResizeCapabilities(servesResize, minor), answer);
        Assert.Equal(minor >= 34, answer.LowersMemoryInPlace);
        Assert.Equal((sensor, victoriaMetrics), (answer.ModeOf("sensor"), answer.ModeOf("victoriaMetrics")));
    }
}
