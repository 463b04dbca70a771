
namespace ControllerMachinery;

/// <summary>
/// An object the API server returned that does not fit its model (written by an older or newer
/// tool, a field of an unexpected type). The informer skips it and says so once per version.
/// </summary>
public sealed record UnreadableObject(ResourceType Resource, ObjectKey Key, string? Uid, string? ResourceVersion, string Error);
