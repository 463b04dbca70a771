using SensorService.Storage;

namespace SensorService.Tests;

public sealed class SensorRingTests
{
    [Fact]
    public void The_ring_grows_to_its_capacity_and_then_overwrites_the_oldest()
    {
        var ring = new SensorRing("t", 40);
        for (var i = 0; i < 100; i++)
        {
            ring.Add(new Reading(i, i));
        }

        Assert.Equal(40, ring.Count);
        Assert.Equal(40, ring.AllocatedSize);
        Assert.Equal(Enumerable.Range(60, 40).Select(i => (double)i), ring.CopyLatest(1000).Select(r => r.Value));
        Assert.Equal([97.0, 98, 99], ring.CopyLatest(3).Select(r => r.Value));
        Assert.Equal(99, ring.Latest.Value);
    }

    [Fact]
    public void A_sensor_that_sends_little_allocates_little()
    {
        var ring = new SensorRing("t", 500);
        ring.Add(new Reading(1, 1));

        Assert.Equal(16, ring.AllocatedSize);
        Assert.Equal([1.0], ring.CopyLatest(10).Select(r => r.Value));
    }
}
