using k8s.Models;

namespace ControllerMachinery;

/// <summary>
/// What a Lease says about its holder (client-go <c>resourcelock.LeaderElectionRecord</c>). Compared by
/// value: the elector notices a change of any field, as client-go compares the raw record.
/// </summary>
internal readonly record struct LeaseRecord(
    string HolderIdentity, int LeaseDurationSeconds, DateTime? AcquireTime, DateTime? RenewTime, int LeaseTransitions)
{
    public static LeaseRecord Of(V1LeaseSpec? spec) => new(
        spec?.HolderIdentity ?? "", spec?.LeaseDurationSeconds ?? 0, spec?.AcquireTime, spec?.RenewTime, spec?.LeaseTransitions ?? 0);

    public V1LeaseSpec ToSpec() => new()
    {
        HolderIdentity = HolderIdentity,
        LeaseDurationSeconds = LeaseDurationSeconds,
        AcquireTime = AcquireTime,
        RenewTime = RenewTime,
        LeaseTransitions = LeaseTransitions,
    };
}

/// <summary>
/// A <c>coordination.k8s.io/v1</c> Lease as a lock (client-go <c>resourcelock/leaselock.go</c>): get,
/// create, and update of the object last read or written. The update carries that object's
/// resourceVersion, so it fails with 409 Conflict when anyone else wrote the Lease in between:
/// optimistic concurrency is what makes two candidates unable to both win.
/// </summary>
internal sealed class LeaseLock(KubeApiClient api, string @namespace, string name)
{
    public static readonly ResourceType Leases = new("coordination.k8s.io", "v1", "leases", "Lease");

    private V1Lease? _lease;

    public string Describe => $"{@namespace}/{name}";

    /// <summary>The current record; <see cref="KubeApiException"/> (404 when there is no Lease yet) otherwise.</summary>
    public async Task<LeaseRecord> GetAsync(CancellationToken cancellationToken)
    {
        _lease = await api.GetAsync(Leases, new ObjectKey(@namespace, name), MachineryJson.Default.V1Lease, cancellationToken);
        return LeaseRecord.Of(_lease.Spec);
    }

    /// <summary>Creates the Lease; 409 AlreadyExists when another candidate created it first.</summary>
    public async Task CreateAsync(LeaseRecord record, CancellationToken cancellationToken)
    {
        var lease = new V1Lease
        {
            ApiVersion = Leases.ApiVersion,
            Kind = Leases.Kind,
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
            Spec = record.ToSpec(),
        };
        _lease = await api.CreateAsync(Leases, @namespace, lease, MachineryJson.Default.V1Lease, cancellationToken);
    }

    /// <summary>Replaces the record of the Lease last seen; 409 Conflict when it changed since.</summary>
    public async Task UpdateAsync(LeaseRecord record, CancellationToken cancellationToken)
    {
        var lease = _lease ?? throw new InvalidOperationException($"lease {Describe} not read or created yet");
        lease.Spec = record.ToSpec();
        _lease = await api.ReplaceAsync(Leases, new ObjectKey(@namespace, name), lease, MachineryJson.Default.V1Lease, cancellationToken);
    }
}
