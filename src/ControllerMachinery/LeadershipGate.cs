namespace ControllerMachinery;

/// <summary>
/// Lets work that only the leader may do wait for leadership, and stop when it is lost. Each term
/// of leadership comes with a token that is cancelled when the term ends.
/// </summary>
public sealed class LeadershipGate : IDisposable
{
    private readonly Lock _gate = new();
    private TaskCompletionSource<CancellationToken> _acquired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _term;

    public bool IsLeader
    {
        get
        {
            lock (_gate)
            {
                return _term is not null;
            }
        }
    }

    public void Acquire()
    {
        lock (_gate)
        {
            if (_term is not null)
            {
                return;
            }

            _term = new CancellationTokenSource();
            _acquired.TrySetResult(_term.Token);
        }
    }

    public void Lose()
    {
        CancellationTokenSource? ended;
        lock (_gate)
        {
            ended = _term;
            if (ended is null)
            {
                return;
            }

            _term = null;
            _acquired = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        ended.Cancel();
        ended.Dispose();
    }

    /// <summary>Waits until this instance leads; the returned token is cancelled when the term ends.</summary>
    public Task<CancellationToken> WaitAsync(CancellationToken cancellationToken)
    {
        Task<CancellationToken> acquired;
        lock (_gate)
        {
            acquired = _acquired.Task;
        }

        return acquired.WaitAsync(cancellationToken);
    }

    public void Dispose() => Lose();
}
