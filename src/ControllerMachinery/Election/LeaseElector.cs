using Microsoft.Extensions.Logging;

namespace ControllerMachinery;

/// <summary>
/// Lease-based leader election with client-go's semantics (<c>tools/leaderelection/leaderelection.go</c>):
/// <list type="bullet">
/// <item>acquire: every retry period (jittered), try to take the Lease; a Lease held by another is
/// respected until it has gone unrenewed for its <c>leaseDurationSeconds</c>, measured on this
/// process's clock from when this candidate last saw the record change (so clock skew between nodes
/// does not matter);</item>
/// <item>renew: every retry period, write a new renewTime; when no renewal has succeeded within the
/// renew deadline (API errors, conflicts), leadership is lost and <see cref="RunAsync"/> returns;</item>
/// <item>every write is an update of the Lease as last read (its resourceVersion), so of two
/// candidates racing for an expired Lease one gets 409 Conflict and stays a follower;</item>
/// <item>on cancellation a leader releases the Lease (<c>ReleaseOnCancel</c>): holderIdentity cleared,
/// leaseDurationSeconds 1, so a standby takes over within a retry period.</item>
/// </list>
/// </summary>
public sealed class LeaseElector
{
    /// <summary>client-go's <c>JitterFactor</c>: acquire attempts wait RetryPeriod x [1, 2.2).</summary>
    private const double JitterFactor = 1.2;

    private readonly LeaseLock _lock;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private LeaseRecord _observed;
    private DateTimeOffset _observedTime;
    private string _reportedLeader = "";

    public LeaseElector(KubeApiClient api, LeaderElectionOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.LeaseDuration <= options.RenewDeadline || options.RenewDeadline <= options.RetryPeriod * JitterFactor)
        {
            // client-go NewLeaderElector refuses the same: a leader must give up before its Lease can expire.
            throw new ArgumentException(
                $"leader election needs leaseDuration ({options.LeaseDuration}) > renewDeadline ({options.RenewDeadline}) > {JitterFactor} x retryPeriod ({options.RetryPeriod})",
                nameof(options));
        }

        _lock = new LeaseLock(api, options.Namespace, options.LeaseName);
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised when this candidate becomes the leader.</summary>
    public event Action? StartedLeading;

    /// <summary>Raised when a term ends: renewal failed past the deadline, or the run was cancelled.</summary>
    public event Action? StoppedLeading;

    /// <summary>Raised with the holder's identity whenever a different holder (or none, "") is observed.</summary>
    public event Action<string>? NewLeader;

    /// <summary>True while the last record seen or written names this candidate.</summary>
    public bool IsLeader
    {
        get
        {
            lock (_gate)
            {
                return _observed.HolderIdentity == _options.Identity;
            }
        }
    }

    /// <summary>
    /// Waits for the Lease, then holds it until renewal fails or <paramref name="cancellationToken"/>
    /// is cancelled (then releases it). Returns when the term is over; call again to stand again.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!await AcquireAsync(cancellationToken))
        {
            return;
        }

        StartedLeading?.Invoke();
        try
        {
            await RenewAsync(cancellationToken);
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested)
            {
                await ReleaseAsync();
            }

            StoppedLeading?.Invoke();
        }
    }

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var acquired = await TryAcquireOrRenewAsync(cancellationToken);
            ReportTransition();
            if (acquired)
            {
                Log.LeaseAcquired(_logger, _lock.Describe);
                return true;
            }

            var wait = _options.RetryPeriod * (1 + (JitterFactor * Random.Shared.NextDouble()));
            if (!await DelayAsync(wait, cancellationToken))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Renews every retry period; returns when a renewal window ends without success, or on cancellation.</summary>
    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var deadline = new CancellationTokenSource(_options.RenewDeadline, _time);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            var renewed = false;
            while (!attempt.IsCancellationRequested)
            {
                renewed = await TryAcquireOrRenewAsync(attempt.Token);
                if (renewed || !await DelayAsync(_options.RetryPeriod, attempt.Token))
                {
                    break;
                }
            }

            ReportTransition();
            if (!renewed)
            {
                if (!cancellationToken.IsCancellationRequested)
                {
                    Log.LeaseRenewFailed(_logger, _lock.Describe, _options.RenewDeadline);
                }

                return;
            }

            if (!await DelayAsync(_options.RetryPeriod, cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>One attempt (client-go <c>tryAcquireOrRenew</c>); false on any refusal or error, which is logged.</summary>
    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var (observed, valid) = Observed(now);
        var desired = new LeaseRecord(_options.Identity, (int)_options.LeaseDuration.TotalSeconds, now.UtcDateTime, now.UtcDateTime, 0);

        // 1. The leader's fast path: update the Lease as last written, without reading it first.
        if (observed.HolderIdentity == _options.Identity && valid)
        {
            var renewal = desired with { AcquireTime = observed.AcquireTime, LeaseTransitions = observed.LeaseTransitions };
            if (await TryAsync(() => _lock.UpdateAsync(renewal, cancellationToken), "renew", cancellationToken))
            {
                SetObserved(renewal);
                return true;
            }
        }

        // 2. Read the Lease, or create it when there is none.
        LeaseRecord current;
        try
        {
            current = await _lock.GetAsync(cancellationToken);
        }
        catch (KubeApiException ex) when (ex.IsNotFound)
        {
            if (!await TryAsync(() => _lock.CreateAsync(desired, cancellationToken), "create", cancellationToken))
            {
                return false;
            }

            SetObserved(desired);
            return true;
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.LeaseRequestFailed(_logger, "read", _lock.Describe, ex.Message);
            return false;
        }
        catch (OperationCanceledException)
        {
            // The renew deadline passed or the run was cancelled: this attempt is over.
            return false;
        }

        // 3. A record that changed restarts the expiry clock; one held by another, unexpired, is left alone.
        if (current != observed)
        {
            SetObserved(current);
        }

        (observed, valid) = Observed(now);
        var leading = observed.HolderIdentity == _options.Identity;
        if (observed.HolderIdentity.Length > 0 && valid && !leading)
        {
            return false;
        }

        // 4. Take (or keep) it: a new holder counts a transition; the same holder keeps its acquire time.
        var record = leading
            ? desired with { AcquireTime = current.AcquireTime, LeaseTransitions = current.LeaseTransitions }
            : desired with { LeaseTransitions = current.LeaseTransitions + 1 };
        if (!await TryAsync(() => _lock.UpdateAsync(record, cancellationToken), leading ? "renew" : "acquire", cancellationToken))
        {
            return false;
        }

        SetObserved(record);
        return true;
    }

    /// <summary>Gives the Lease up (client-go <c>release</c>), bounded by the renew deadline since the caller is stopping.</summary>
    private async Task ReleaseAsync()
    {
        if (!IsLeader)
        {
            return;
        }

        var now = _time.GetUtcNow().UtcDateTime;
        var released = new LeaseRecord("", 1, now, now, Observed(_time.GetUtcNow()).Record.LeaseTransitions);
        using var timeout = new CancellationTokenSource(_options.RenewDeadline, _time);
        if (await TryAsync(() => _lock.UpdateAsync(released, timeout.Token), "release", timeout.Token))
        {
            SetObserved(released);
            Log.LeaseReleased(_logger, _lock.Describe);
        }
    }

    private async Task<bool> TryAsync(Func<Task> write, string what, CancellationToken cancellationToken)
    {
        try
        {
            await write();
            return true;
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // 409 Conflict: another candidate wrote first. Others: the API server is unwell. Either way
            // this attempt failed; the caller retries within its period or deadline.
            Log.LeaseRequestFailed(_logger, what, _lock.Describe, ex.Message);
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private (LeaseRecord Record, bool Valid) Observed(DateTimeOffset now)
    {
        lock (_gate)
        {
            return (_observed, _observedTime + TimeSpan.FromSeconds(_observed.LeaseDurationSeconds) > now);
        }
    }

    private void SetObserved(LeaseRecord record)
    {
        lock (_gate)
        {
            _observed = record;
            _observedTime = _time.GetUtcNow();
        }
    }

    private void ReportTransition()
    {
        var holder = Observed(_time.GetUtcNow()).Record.HolderIdentity;
        if (holder == _reportedLeader)
        {
            return;
        }

        _reportedLeader = holder;
        NewLeader?.Invoke(holder);
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
