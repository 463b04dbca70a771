namespace ControllerMachinery;

/// <summary>
/// The Lease record a candidate last saw or wrote, and when on its own clock (client-go's
/// <c>observedRecord</c> and <c>observedTime</c>): a Lease is valid while that local time plus its
/// <c>leaseDurationSeconds</c> lies ahead, whatever the holder's clock wrote into renewTime.
/// </summary>
internal sealed class ObservedLease(TimeProvider time)
{
    private readonly Lock _gate = new();
    private LeaseRecord _record;
    private DateTimeOffset _at;

    public (LeaseRecord Record, bool Valid) At(DateTimeOffset now)
    {
        lock (_gate)
        {
            return (_record, _at + TimeSpan.FromSeconds(_record.LeaseDurationSeconds) > now);
        }
    }

    public LeaseRecord Record => At(time.GetUtcNow()).Record;

    public void Set(LeaseRecord record)
    {
        lock (_gate)
        {
            _record = record;
            _at = time.GetUtcNow();
        }
    }
}
