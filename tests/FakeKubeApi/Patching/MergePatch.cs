using System.Text.Json.Nodes;

namespace SensorStack.FakeKubeApi.Patching;

/// <summary>
/// RFC 7386 JSON merge patch: objects merge key by key, <c>null</c> removes a key, everything else
/// (arrays included) replaces. Strategic merge patches are applied with the same rules: the fake
/// does not know the per-field merge keys, so a list in a strategic patch replaces the whole list
/// and <c>$patch</c> directives are rejected.
/// </summary>
public static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? targetObject.CloneObject() : [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = Apply(result[key], value);
            }
        }

        return result;
    }

    /// <summary>True when a strategic merge patch uses directives only the real server understands.</summary>
    public static bool HasStrategicDirectives(JsonNode? patch) => patch switch
    {
        JsonObject o => o.Any(p => p.Key.StartsWith('$') || HasStrategicDirectives(p.Value)),
        JsonArray a => a.Any(HasStrategicDirectives),
        _ => false,
    };
}
