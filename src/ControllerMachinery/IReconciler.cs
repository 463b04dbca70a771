namespace ControllerMachinery;

/// <summary>Brings one object's world in line with its spec. Called for one key at a time.</summary>
public interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken);
}

/// <summary>
/// The outcome of one reconcile. A failed reconcile is retried with the key's exponential backoff;
/// a successful one may ask to run again after <see cref="RequeueAfter"/> (periodic observation).
/// </summary>
public readonly record struct ReconcileResult(bool Failed, TimeSpan? RequeueAfter, string? Error = null)
{
    public static ReconcileResult Done() => new(false, null);

    public static ReconcileResult After(TimeSpan delay) => new(false, delay);

    public static ReconcileResult Failure(string error) => new(true, null, error);
}
