namespace SensorService.Memory;

/// <summary>
/// The runtime's GC. <see cref="GC.RefreshMemoryLimit"/> re-reads the cgroup limit and recomputes the heap
/// hard limit from <c>GCHeapHardLimitPercent</c>; an absolute <c>GCHeapHardLimit</c> would stay as it was,
/// which is why the operator sets the percentage. It throws <see cref="InvalidOperationException"/> when
/// the new limit is below what the heap has already committed.
/// </summary>
public sealed class RuntimeGcHeapLimit : IGcHeapLimit
{
    // TotalAvailableMemoryBytes is the heap hard limit when one is in force, else the physical or
    // container memory: what the GC plans against either way.
    public long CurrentBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    public void Refresh() => GC.RefreshMemoryLimit();
}
