using Microsoft.Extensions.Time.Testing;
using SensorOperator.Kubernetes;

namespace SensorOperator.Tests.Kubernetes;

public sealed class TokenBucketTests
{
    [Fact]
    public void A_burst_passes_at_once_then_requests_are_paced_at_qps()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(qps: 10, burst: 3, time);

        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        Assert.Equal(TimeSpan.FromMilliseconds(100), bucket.Reserve());
        Assert.Equal(TimeSpan.FromMilliseconds(200), bucket.Reserve()); // reservations queue up in order
    }

    [Fact]
    public void Tokens_refill_with_time_but_never_beyond_the_burst()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(qps: 10, burst: 2, time);
        bucket.Reserve();
        bucket.Reserve();

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        Assert.True(bucket.Reserve() > TimeSpan.Zero);
    }

    [Fact]
    public async Task WaitAsync_completes_only_when_the_clock_reaches_the_reservation()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(qps: 2, burst: 1, time);
        await bucket.WaitAsync(TestContext.Current.CancellationToken);

        var waiting = bucket.WaitAsync(TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }
}
