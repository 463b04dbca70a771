using System.Text.Json.Nodes;

namespace SensorStack.FakeKubeApi.Store;

/// <summary>
/// What a write through the API goes through before it is stored, in the API server's order:
/// <see cref="Decode"/> on the object the request produced (pruning and defaulting happen when
/// the body is decoded), <see cref="Validate"/> on the object about to be stored (after the
/// status subresource rules). Either throws a StatusException to refuse the write. Fixture writes
/// (Put, SetStatus) pass none. <see cref="PrepareForUpdate"/>, when set, is the registry strategy's
/// hook of that name: it sees the stored and the requested object of an update and returns what
/// the update may change (the pod resize strategy keeps only resource changes).
/// </summary>
internal sealed record WriteAdmission(Action<JsonObject> Decode, Action<JsonObject, JsonObject?> Validate)
{
    public Func<JsonObject, JsonObject, JsonObject>? PrepareForUpdate { get; init; }
}
