using Microsoft.Extensions.Time.Testing;
using ControllerMachinery;

namespace SensorOperator.Tests.Kubernetes;

public sealed class WorkQueueTests
{
    private static readonly ObjectKey A = new("ns", "a");
    private static readonly ObjectKey B = new("ns", "b");

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_key_added_many_times_is_handed_out_once()
    {
        using var queue = new WorkQueue<ObjectKey>(_time);
        queue.Add(A);
        queue.Add(A);
        queue.Add(B);
        queue.Add(A);

        Assert.Equal(2, queue.Count);
        Assert.Equal(A, (await queue.TryGetAsync(TestContext.Current.CancellationToken)).Key);
        Assert.Equal(B, (await queue.TryGetAsync(TestContext.Current.CancellationToken)).Key);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task A_key_added_while_processing_waits_until_done_and_then_runs_once_more()
    {
        using var queue = new WorkQueue<ObjectKey>(_time);
        queue.Add(A);
        var (_, key) = await queue.TryGetAsync(TestContext.Current.CancellationToken);

        queue.Add(A);
        queue.Add(A);
        Assert.Equal(0, queue.Count); // not handed to a second worker while the first holds it

        queue.Done(key);
        Assert.Equal(1, queue.Count);
        Assert.Equal(A, (await queue.TryGetAsync(TestContext.Current.CancellationToken)).Key);
        queue.Done(A);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Get_waits_for_an_add()
    {
        using var queue = new WorkQueue<ObjectKey>(_time);
        var get = queue.TryGetAsync(TestContext.Current.CancellationToken);
        Assert.False(get.IsCompleted);

        queue.Add(B);
        var (ok, key) = await get.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.True(ok);
        Assert.Equal(B, key);
    }

    [Fact]
    public void AddAfter_adds_when_the_delay_passes_and_the_earliest_pending_add_wins()
    {
        using var queue = new WorkQueue<ObjectKey>(_time);
        queue.AddAfter(A, TimeSpan.FromSeconds(30));
        queue.AddAfter(A, TimeSpan.FromSeconds(10));
        queue.AddAfter(A, TimeSpan.FromSeconds(20));

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, queue.Count);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, queue.Count); // the later timers were replaced, not left to add again
    }

    [Fact]
    public void Failures_back_off_exponentially_from_5ms_to_at_most_5_minutes_and_Forget_resets()
    {
        using var queue = new WorkQueue<ObjectKey>(_time);
        var delays = Enumerable.Range(0, 30).Select(_ => queue.AddRateLimited(A)).ToList();

        Assert.Equal(TimeSpan.FromMilliseconds(5), delays[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(10), delays[1]);
        Assert.Equal(TimeSpan.FromMilliseconds(20), delays[2]);
        Assert.Equal(TimeSpan.FromMinutes(5), delays[^1]);
        Assert.All(delays.Zip(delays.Skip(1)), pair => Assert.True(pair.Second >= pair.First));
        Assert.Equal(30, queue.Failures(A));

        queue.Forget(A);
        Assert.Equal(0, queue.Failures(A));
        Assert.Equal(TimeSpan.FromMilliseconds(5), queue.AddRateLimited(A));
    }

    [Fact]
    public void Backoff_of_one_key_does_not_slow_another()
    {
        using var queue = new WorkQueue<ObjectKey>(_time);
        var delayOfA = TimeSpan.Zero;
        for (var i = 0; i < 10; i++)
        {
            delayOfA = queue.AddRateLimited(A);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(5 * 512), delayOfA);
        Assert.Equal(TimeSpan.FromMilliseconds(5), queue.AddRateLimited(B));
    }

    [Fact]
    public async Task A_rate_limited_key_comes_back_after_its_backoff()
    {
        using var queue = new WorkQueue<ObjectKey>(_time);
        queue.AddRateLimited(A);
        queue.AddRateLimited(A); // second failure: 10 ms
        _time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Equal(0, queue.Count);
        _time.Advance(TimeSpan.FromMilliseconds(1)); // the first (5 ms) add wins
        Assert.Equal(A, (await queue.TryGetAsync(TestContext.Current.CancellationToken)).Key);
    }

    [Fact]
    public async Task ShutDown_releases_waiting_workers_and_ignores_new_keys()
    {
        using var queue = new WorkQueue<ObjectKey>(_time);
        var first = queue.TryGetAsync(TestContext.Current.CancellationToken);
        var second = queue.TryGetAsync(TestContext.Current.CancellationToken);

        queue.ShutDown();
        queue.Add(A);
        queue.AddAfter(B, TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.False((await first.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken)).Ok);
        Assert.False((await second.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken)).Ok);
        Assert.Equal(0, queue.Count);
    }
}
