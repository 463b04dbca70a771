namespace SensorService.Memory;

/// <summary>The garbage collector's view of the memory it may use, and the call that makes it look again.</summary>
public interface IGcHeapLimit
{
    /// <summary>The bytes the GC may commit: its heap hard limit, else the memory it sees.</summary>
    long CurrentBytes { get; }

    /// <summary>Makes the GC re-read the container limit and its heap limit settings.</summary>
    /// <exception cref="InvalidOperationException">The new heap limit is below what is already committed.</exception>
    void Refresh();
}
