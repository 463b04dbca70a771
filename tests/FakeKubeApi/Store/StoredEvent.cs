using System.Text.Json.Nodes;

namespace SensorStack.FakeKubeApi.Store;

/// <summary>One committed change, kept in the bounded history that watches resume from.</summary>
/// <param name="Object">The object after the change (for DELETED: its last state at the delete's resourceVersion).</param>
/// <param name="Previous">The object before a MODIFIED change, so selector watches can turn it into ADDED or DELETED.</param>
/// <param name="Json">The serialized <paramref name="Object"/>, shared by every watcher.</param>
internal sealed record StoredEvent(
    long ResourceVersion, ResourceType Type, string EventType, JsonObject Object, JsonObject? Previous, string Json);
