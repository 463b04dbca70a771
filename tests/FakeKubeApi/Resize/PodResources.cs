using System.Text.Json.Nodes;
using k8s.Models;

namespace SensorStack.FakeKubeApi.Resize;

/// <summary>
/// Reading the cpu and memory parts of a container's <c>resources</c> and of a pod as a whole:
/// quantities, the QoS class, and the resize policy. Only cpu and memory matter to in-place resize
/// (KEP-1287: "updating extended resources or any other resource types besides CPU, memory" is a
/// non-goal).
/// </summary>
internal static class PodResources
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";

    /// <summary>The resources a resize may change.</summary>
    public static readonly string[] Kinds = [Cpu, Memory];

    public static readonly string[] Sections = ["requests", "limits"];

    public static JsonArray Containers(JsonObject pod) => pod["spec"]?["containers"] as JsonArray ?? [];

    /// <summary>A quantity of <c>resources.{requests|limits}.{resource}</c>, or null when not set.</summary>
    public static decimal? Quantity(JsonNode? resources, string section, string resource) =>
        resources?[section]?[resource] is JsonValue value && value.TryGetValue<string>(out var text) ? new ResourceQuantity(text).ToDecimal() : null;

    public static string? QuantityText(JsonNode? resources, string section, string resource) =>
        resources?[section]?[resource] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>
    /// The restart policy of <paramref name="resource"/> in a container's <c>resizePolicy</c>:
    /// <c>NotRequired</c> when absent (its default; KEP-1287 "Container Resize Policy").
    /// </summary>
    public static string RestartPolicy(JsonNode? container, string resource) =>
        (container?["resizePolicy"] as JsonArray ?? [])
            .FirstOrDefault(p => p?["resourceName"]?.GetValue<string>() == resource)?["restartPolicy"]?.GetValue<string>() ?? "NotRequired";

    /// <summary>
    /// The QoS class of a pod, as kubernetes <c>pkg/apis/core/helper/qos/qos.go</c>
    /// <c>ComputePodQOS</c> computes it from cpu and memory: BestEffort when no container sets a
    /// request or limit; Guaranteed when every container sets cpu and memory limits and its
    /// requests (a missing request defaults to the limit) equal them; Burstable otherwise.
    /// </summary>
    public static string QosClass(JsonObject pod)
    {
        var containers = Containers(pod).Concat(pod["spec"]?["initContainers"] as JsonArray ?? []).ToList();
        var any = false;
        var guaranteed = true;
        foreach (var container in containers)
        {
            var resources = container?["resources"];
            foreach (var resource in Kinds)
            {
                var request = Quantity(resources, "requests", resource);
                var limit = Quantity(resources, "limits", resource);
                any |= request is not null || limit is not null;
                guaranteed &= limit is not null && (request ?? limit) == limit;
            }
        }

        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    /// <summary>The container's <c>resources</c> with everything but cpu and memory requests and limits.</summary>
    public static JsonObject WithoutCpuAndMemory(JsonNode? resources)
    {
        var copy = resources?.DeepClone() as JsonObject ?? [];
        foreach (var section in Sections)
        {
            if (copy[section] is JsonObject values)
            {
                values.Remove(Cpu);
                values.Remove(Memory);
                if (values.Count == 0)
                {
                    copy.Remove(section);
                }
            }
        }

        return copy;
    }

    /// <summary>The cpu and memory requests and limits alone (what a resize changes and the kubelet actuates).</summary>
    public static JsonObject CpuAndMemory(JsonNode? resources)
    {
        var result = new JsonObject();
        foreach (var section in Sections)
        {
            var values = new JsonObject();
            foreach (var resource in Kinds)
            {
                if (resources?[section]?[resource] is { } value)
                {
                    values[resource] = value.DeepClone();
                }
            }

            if (values.Count > 0)
            {
                result[section] = values;
            }
        }

        return result;
    }

    /// <summary>True when both name the same cpu and memory amounts (<c>64Mi</c> equals <c>67108864</c>).</summary>
    public static bool SameCpuAndMemory(JsonNode? a, JsonNode? b) =>
        Sections.All(section =>
            Kinds.All(resource => Quantity(a, section, resource) == Quantity(b, section, resource)));
}
