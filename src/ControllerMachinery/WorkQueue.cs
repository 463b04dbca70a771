namespace ControllerMachinery;

/// <summary>
/// A de-duplicating work queue in the manner of client-go's workqueue: a key waits at most once
/// (dirty set), is handed to one worker at a time (processing set), and a key added while it is
/// being processed is queued again when that worker calls <see cref="Done"/>. Failed keys come back
/// after a per-key exponential backoff; successful ones may ask to come back after a fixed delay.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "The name client-go and every Kubernetes controller use.")]
public sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Queue<TKey> _queue = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly Dictionary<TKey, Waiting> _waiting = [];
    private readonly SemaphoreSlim _ready = new(0);
    private readonly TimeProvider _time;
    private readonly Backoff _backoff;
    private bool _shuttingDown;

    public WorkQueue(TimeProvider time, Backoff? backoff = null)
    {
        _time = time;
        _backoff = backoff ?? WorkQueueDefaults.Backoff;
    }

    /// <summary>Keys ready to be handed out (not counting those being processed or waiting on a timer).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public void Add(TKey key)
    {
        lock (_gate)
        {
            if (_shuttingDown || !_dirty.Add(key))
            {
                return;
            }

            // A pending delayed add is superseded: the key is about to run anyway.
            if (_waiting.Remove(key, out var waiting))
            {
                waiting.Timer?.Dispose();
            }

            if (_processing.Contains(key))
            {
                return;
            }

            _queue.Enqueue(key);
        }

        _ready.Release();
    }

    /// <summary>Adds the key after <paramref name="delay"/>; an earlier pending add of the same key wins.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_gate)
        {
            if (_shuttingDown)
            {
                return;
            }

            var readyAt = _time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(key, out var existing))
            {
                if (existing.ReadyAt <= readyAt)
                {
                    return;
                }

                existing.Timer?.Dispose();
            }

            var waiting = new Waiting(key, readyAt) { Queue = this };
            _waiting[key] = waiting;
            waiting.Timer = _time.CreateTimer(static state => ((Waiting)state!).Queue!.Fire((Waiting)state!), waiting, delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Adds the key after its own backoff, which doubles with each consecutive failure.</summary>
    public TimeSpan AddRateLimited(TKey key)
    {
        TimeSpan delay;
        lock (_gate)
        {
            var failures = _failures.GetValueOrDefault(key) + 1;
            _failures[key] = failures;
            delay = _backoff.Delay(failures);
        }

        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Clears the key's failure count (call after a successful reconcile).</summary>
    public void Forget(TKey key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }

    public int Failures(TKey key)
    {
        lock (_gate)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// Waits for a key and marks it processing. Returns false once the queue is shut down and
    /// drained of ready keys.
    /// </summary>
    public async Task<(bool Ok, TKey Key)> TryGetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _ready.WaitAsync(cancellationToken);
            lock (_gate)
            {
                if (_queue.TryDequeue(out var key))
                {
                    _dirty.Remove(key);
                    _processing.Add(key);
                    return (true, key);
                }

                if (_shuttingDown)
                {
                    // Let every other waiter see the shutdown too.
                    _ready.Release();
                    return (false, default!);
                }
            }
        }
    }

    /// <summary>Marks the key done; if it was added meanwhile it becomes ready again.</summary>
    public void Done(TKey key)
    {
        var requeued = false;
        lock (_gate)
        {
            _processing.Remove(key);
            if (_dirty.Contains(key) && !_shuttingDown)
            {
                _queue.Enqueue(key);
                requeued = true;
            }
        }

        if (requeued)
        {
            _ready.Release();
        }
    }

    public void ShutDown()
    {
        lock (_gate)
        {
            _shuttingDown = true;
            foreach (var waiting in _waiting.Values)
            {
                waiting.Timer?.Dispose();
            }

            _waiting.Clear();
        }

        _ready.Release();
    }

    public void Dispose()
    {
        ShutDown();
        _ready.Dispose();
    }

    private void Fire(Waiting fired)
    {
        lock (_gate)
        {
            // A timer that was replaced by an earlier one may still fire once; only the current one counts.
            if (!_waiting.TryGetValue(fired.Key, out var current) || !ReferenceEquals(current, fired))
            {
                return;
            }

            _waiting.Remove(fired.Key);
        }

        fired.Timer?.Dispose();
        Add(fired.Key);
    }

    private sealed class Waiting(TKey key, DateTimeOffset readyAt)
    {
        public TKey Key { get; } = key;

        public DateTimeOffset ReadyAt { get; } = readyAt;

        public ITimer? Timer { get; set; }

        public WorkQueue<TKey>? Queue { get; init; }
    }
}

public static class WorkQueueDefaults
{
    /// <summary>5 ms doubling to 5 min: quick recovery from a blip, no hammering on a lasting fault.</summary>
    public static Backoff Backoff { get; } = new(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5));
}
