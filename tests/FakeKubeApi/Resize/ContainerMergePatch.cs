using System.Text.Json.Nodes;
using SensorStack.FakeKubeApi.Patching;

namespace SensorStack.FakeKubeApi.Resize;

/// <summary>
/// A strategic merge patch of a pod in which <c>spec.containers</c> merges by <c>name</c>, the
/// list's <c>patchMergeKey</c> in k8s.io/api <c>core/v1/types.go</c>: a patched entry merges into
/// the container of that name, one without a match is appended, the others stay. Everything else
/// merges as a JSON merge patch (see <see cref="MergePatch"/>).
/// </summary>
internal static class ContainerMergePatch
{
    public static JsonNode? Apply(JsonObject pod, JsonNode? patch)
    {
        if (patch is not JsonObject { } patchObject || patchObject["spec"]?["containers"] is not JsonArray patched)
        {
            return MergePatch.Apply(pod, patch);
        }

        var rest = patchObject.CloneObject();
        rest["spec"]!.AsObject().Remove("containers");
        var result = MergePatch.Apply(pod, rest)!.AsObject();
        var containers = PodResources.Containers(result);
        foreach (var entry in patched)
        {
            var name = entry?["name"]?.GetValue<string>();
            var index = containers.Select((c, i) => (c, i)).FirstOrDefault(p => p.c?["name"]?.GetValue<string>() == name, (null, -1)).Item2;
            if (index < 0)
            {
                containers.Add(entry?.DeepClone());
            }
            else
            {
                containers[index] = MergePatch.Apply(containers[index], entry);
            }
        }

        return result;
    }
}
