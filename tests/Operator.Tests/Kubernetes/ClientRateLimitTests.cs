using System.Diagnostics;
using ControllerMachinery;

namespace SensorOperator.Tests.Kubernetes;

/// <summary>The limiter refills on the real clock, so these wait for real (tens of milliseconds).</summary>
public sealed class ClientRateLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_burst_passes_at_once_then_requests_are_paced_at_qps()
    {
        using var limit = new ClientRateLimit(qps: 10, burst: 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(limit.WaitAsync(Ct).IsCompletedSuccessfully);
        }

        var clock = Stopwatch.StartNew();
        var fourth = limit.WaitAsync(Ct);
        var fifth = limit.WaitAsync(Ct);
        Assert.False(fourth.IsCompleted);
        await fourth.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await fifth.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        // One token per 100 ms: the fifth request waited for two refills.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(150), $"the fifth request passed after {clock.Elapsed}");
    }

    [Fact]
    public async Task Tokens_refill_with_time_but_never_beyond_the_burst()
    {
        using var limit = new ClientRateLimit(qps: 100, burst: 2);
        await limit.WaitAsync(Ct);
        await limit.WaitAsync(Ct);
        Assert.Equal(0, limit.Available);

        // Twenty refill periods pass: the bucket holds the burst, not twenty tokens.
        await Task.Delay(TimeSpan.FromMilliseconds(200), Ct);
        Assert.Equal(2, limit.Available);
    }

    [Fact]
    public async Task Waiting_is_cancellable()
    {
        using var limit = new ClientRateLimit(qps: 0.01, burst: 1);
        Assert.True(limit.WaitAsync(Ct).IsCompletedSuccessfully);
        using var cancel = new CancellationTokenSource();
        var waiting = limit.WaitAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }
}
