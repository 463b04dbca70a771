using ControllerMachinery;

namespace SensorOperator.Tests.Kubernetes;

public sealed class BackoffTests
{
    [Fact]
    public void Doubles_from_the_initial_delay_up_to_the_cap()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.Zero, backoff.Delay(0));
        Assert.Equal(TimeSpan.FromMilliseconds(200), backoff.Delay(1));
        Assert.Equal(TimeSpan.FromMilliseconds(400), backoff.Delay(2));
        Assert.Equal(TimeSpan.FromMilliseconds(800), backoff.Delay(3));
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.Delay(20));
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.Delay(int.MaxValue));
    }

    [Fact]
    public void Jitter_spreads_delays_within_the_stated_fraction()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), jitter: 0.5, new Random(7));
        var delays = Enumerable.Range(0, 200).Select(_ => backoff.Delay(2)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)));
        Assert.True(delays.Distinct().Count() > 50, "jittered delays should differ");
    }
}
