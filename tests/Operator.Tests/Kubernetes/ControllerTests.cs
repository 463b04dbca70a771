using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ControllerMachinery;
using SensorStack.Testing;

namespace SensorOperator.Tests.Kubernetes;

public sealed class ControllerTests
{
    private static readonly ObjectKey Key = new("ns", "demo");
    private readonly FakeTimeProvider _time = new();
    private readonly ControllerMetrics _metrics = new("test_");

    private Controller Create(WorkQueue<ObjectKey> queue, IReconciler reconciler) =>
        new(queue, reconciler, workers: 1, _metrics, _time, NullLogger<Controller>.Instance);

    [Fact]
    public async Task A_failing_key_backs_off_and_a_success_resets_its_backoff()
    {
        using var queue = new WorkQueue<ObjectKey>(_time);
        var reconciler = new Scripted(ReconcileResult.Failure("boom"), ReconcileResult.Failure("boom"), ReconcileResult.Done());
        var controller = Create(queue, reconciler);
        var ct = TestContext.Current.CancellationToken;

        queue.Add(Key);
        await controller.ProcessNextAsync(ct);
        Assert.Equal(1, queue.Failures(Key));
        _time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Equal(0, queue.Count);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Count);

        await controller.ProcessNextAsync(ct);
        _time.Advance(TimeSpan.FromMilliseconds(9));
        Assert.Equal(0, queue.Count); // second failure: 10 ms
        _time.Advance(TimeSpan.FromMilliseconds(1));

        await controller.ProcessNextAsync(ct);
        Assert.Equal(0, queue.Failures(Key));
        Assert.Equal(3, reconciler.Calls);
        Assert.Equal(2, _metrics.Reconciles.WithLabels("error").Value);
        Assert.Equal(1, _metrics.Reconciles.WithLabels("success").Value);
    }

    [Fact]
    public async Task A_success_with_RequeueAfter_comes_back_after_that_delay()
    {
        using var queue = new WorkQueue<ObjectKey>(_time);
        var controller = Create(queue, new Scripted(ReconcileResult.After(TimeSpan.FromSeconds(30))));

        queue.Add(Key);
        await controller.ProcessNextAsync(TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, queue.Count);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);
        Assert.Equal(1, _metrics.Reconciles.WithLabels("requeue").Value);
    }

    [Fact]
    public async Task An_exception_in_the_reconciler_is_a_failure_not_a_dead_worker()
    {
        using var queue = new WorkQueue<ObjectKey>(_time);
        var controller = Create(queue, new Throwing());

        queue.Add(Key);
        Assert.True(await controller.ProcessNextAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, queue.Failures(Key));
        Assert.Equal(1, _metrics.Reconciles.WithLabels("error").Value);
    }

    [Fact]
    public async Task Workers_never_reconcile_the_same_key_concurrently()
    {
        using var queue = new WorkQueue<ObjectKey>(TimeProvider.System);
        var reconciler = new Overlap();
        var controller = new Controller(queue, reconciler, workers: 4, _metrics, TimeProvider.System, NullLogger<Controller>.Instance);
        using var stop = new CancellationTokenSource();
        var running = controller.RunAsync(stop.Token);

        for (var i = 0; i < 200; i++)
        {
            queue.Add(Key);
            queue.Add(new ObjectKey("ns", $"other-{i % 8}"));
            await Task.Yield();
        }

        await Eventually.True(() => queue.Count == 0 && reconciler.Active == 0, "queue drained");
        await stop.CancelAsync();
        await running;
        Assert.Equal(1, reconciler.MaxSameKey);
        Assert.True(reconciler.MaxTotal > 1, "different keys should run in parallel");
    }

    private sealed class Scripted(params ReconcileResult[] results) : IReconciler
    {
        public int Calls { get; private set; }

        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken) =>
            Task.FromResult(results[Math.Min(Calls++, results.Length - 1)]);
    }

    private sealed class Throwing : IReconciler
    {
        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("bug");
    }

    private sealed class Overlap : IReconciler
    {
        private readonly Dictionary<ObjectKey, int> _running = [];
        private readonly Lock _gate = new();
        private int _active;

        public int Active => Volatile.Read(ref _active);

        public int MaxSameKey { get; private set; }

        public int MaxTotal { get; private set; }

        public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                _running[key] = _running.GetValueOrDefault(key) + 1;
                _active++;
                MaxSameKey = Math.Max(MaxSameKey, _running[key]);
                MaxTotal = Math.Max(MaxTotal, _active);
            }

            await Task.Delay(2, cancellationToken);
            lock (_gate)
            {
                _running[key]--;
                _active--;
            }

            return ReconcileResult.Done();
        }
    }
}
