using System.Text.Json.Nodes;

namespace SensorStack.FakeKubeApi.Store;

/// <summary>
/// What a write through the API goes through before it is stored, in the API server's order:
/// <see cref="Decode"/> on the object the request produced (pruning and defaulting happen when
/// the body is decoded), <see cref="Validate"/> on the object about to be stored (after the
/// status subresource rules). Either throws a StatusException to refuse the write. Fixture writes
/// (Put, SetStatus) pass none.
/// </summary>
internal sealed record WriteAdmission(Action<JsonObject> Decode, Action<JsonObject, JsonObject?> Validate);
