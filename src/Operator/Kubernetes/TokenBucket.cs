namespace SensorOperator.Kubernetes;

/// <summary>
/// A token bucket (QPS refill, burst capacity) on an injectable clock, as client-go's rest client
/// uses for its client-side QPS/Burst: bursts pass at once, sustained load is smoothed to QPS.
/// </summary>
public sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _last;

    public TokenBucket(double qps, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(qps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        Qps = qps;
        Burst = burst;
        _time = time;
        _tokens = burst;
        _last = time.GetTimestamp();
    }

    public double Qps { get; }

    public int Burst { get; }

    /// <summary>
    /// Takes one token and returns how long the caller must wait before using it (zero when a token
    /// was available). Reserving ahead, rather than polling, keeps callers in arrival order.
    /// </summary>
    public TimeSpan Reserve()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(_last, now).TotalSeconds;
            _last = now;
            _tokens = Math.Min(Burst, _tokens + (elapsed * Qps));
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / Qps);
        }
    }

    /// <summary>Waits until a token is available.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        var delay = Reserve();
        return delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, _time, cancellationToken);
    }
}
