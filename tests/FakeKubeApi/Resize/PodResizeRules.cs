using System.Globalization;
using System.Text.Json.Nodes;
using CustomResourceSchema;
using SensorStack.FakeKubeApi.Http;
using static SensorStack.FakeKubeApi.Resize.PodResources;

namespace SensorStack.FakeKubeApi.Resize;

/// <summary>
/// What the API server does with a write to <c>pods/{name}/resize</c> and with a plain pod update,
/// after KEP-1287 (In-place Update of Pod Resources) and its code: kubernetes
/// <c>pkg/registry/core/pod/strategy.go</c> (<c>podResizeStrategy</c>, <c>dropNonResizeUpdates</c>)
/// and <c>pkg/apis/core/validation/validation.go</c> (<c>ValidatePodResize</c>,
/// <c>ValidateResourceRequirements</c>). Messages are the API server's.
/// </summary>
internal static class PodResizeRules
{
    /// <summary>The resize subresource is served from 1.33 (KEP-1287 beta, on by default).</summary>
    public const int ServedFromMinor = 33;

    /// <summary>
    /// From 1.34 a memory limit may be lowered in place with the <c>NotRequired</c> policy (KEP-1287
    /// "Memory Limit Decreases", relaxed by kubernetes/enhancements#5368); before, validation refuses it.
    /// </summary>
    public const int MemoryDecreaseInPlaceFromMinor = 34;

    /// <summary>
    /// <c>dropNonResizeUpdates</c>: of a resize request only the containers' <c>resources</c> and
    /// <c>resizePolicy</c> are kept; every other change (image, labels, status) is dropped, not
    /// refused. When containers were added, removed or renamed the request passes as sent, for
    /// validation to refuse.
    /// </summary>
    public static JsonObject KeepResizeChanges(JsonObject existing, JsonObject requested)
    {
        var oldContainers = Containers(existing);
        var newContainers = Containers(requested);
        if (!SameContainerNames(oldContainers, newContainers))
        {
            return requested;
        }

        var result = existing.CloneObject();
        // The request's resourceVersion still guards the update (a stale one is a 409).
        result.Metadata().Remove("resourceVersion");
        if (requested.ResourceVersion() is { Length: > 0 } resourceVersion)
        {
            result.Metadata()["resourceVersion"] = resourceVersion;
        }

        var containers = Containers(result);
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i]!.AsObject();
            foreach (var field in new[] { "resources", "resizePolicy" })
            {
                container.Remove(field);
                if (newContainers[i]?[field] is { } value)
                {
                    container[field] = value.DeepClone();
                }
            }
        }

        return result;
    }

    /// <summary><c>ValidatePodResize</c>, in its order. Throws the 422 the API server answers.</summary>
    public static void ValidateResize(JsonObject existing, JsonObject resized, int serverMinor)
    {
        var errors = new List<FieldError>();
        var oldContainers = Containers(existing);
        var newContainers = Containers(resized);
        if (!SameContainerNames(oldContainers, newContainers))
        {
            Throw(existing, [FieldError.Forbidden("spec.containers", "containers may not be added, removed, renamed or reordered on resize")]);
        }

        var newQos = QosClass(resized);
        if (QosClass(existing) != newQos)
        {
            errors.Add(FieldError.Invalid("spec", newQos, "Pod QOS Class may not change as a result of resizing"));
        }

        if (existing["status"]?["phase"]?.GetValue<string>() == "Running"
            && (existing["status"]?["containerStatuses"] as JsonArray ?? []).Any(s => s?["resources"] is null))
        {
            errors.Add(FieldError.Forbidden("spec", "Pod running on node without support for resize"));
        }

        for (var i = 0; i < oldContainers.Count; i++)
        {
            var path = FieldError.Child(FieldError.Index("spec.containers", i), "resources");
            var before = oldContainers[i]?["resources"];
            var after = newContainers[i]?["resources"];
            foreach (var section in Sections)
            {
                if (Kinds.Any(r => Quantity(before, section, r) is not null && Quantity(after, section, r) is null))
                {
                    errors.Add(FieldError.Forbidden(FieldError.Child(path, section), $"resource {section} cannot be removed"));
                }
            }

            errors.AddRange(RequestsWithinLimits(path, after));
            if (serverMinor < MemoryDecreaseInPlaceFromMinor
                && Quantity(after, "limits", Memory) < Quantity(before, "limits", Memory)
                && RestartPolicy(newContainers[i], Memory) != "RestartContainer")
            {
                errors.Add(FieldError.Forbidden(FieldError.Key(FieldError.Child(path, "limits"), Memory), "memory limits cannot be decreased unless resizePolicy is RestartContainer"));
            }

            var otherBefore = oldContainers[i]!.AsObject().CloneObject();
            var otherAfter = newContainers[i]!.AsObject().CloneObject();
            otherBefore["resources"] = WithoutCpuAndMemory(before);
            otherAfter["resources"] = WithoutCpuAndMemory(after);
            otherBefore.Remove("resizePolicy");
            otherAfter.Remove("resizePolicy");
            if (!JsonNode.DeepEquals(otherBefore, otherAfter))
            {
                errors.Add(FieldError.Forbidden("spec", "only cpu and memory resources are mutable"));
            }
        }

        if (errors.Count > 0)
        {
            Throw(existing, errors);
        }
    }

    /// <summary>
    /// A plain pod update (PUT or patch of the pod itself) may not change container resources; they
    /// are mutable only through <c>/resize</c> (KEP-1287 "Validation"). The rest of
    /// <c>ValidatePodUpdate</c>'s immutability rules are not modelled.
    /// </summary>
    public static void ValidateUpdate(JsonObject existing, JsonObject updated)
    {
        var before = Containers(existing);
        var after = Containers(updated);
        if (before.Count == after.Count && before.Zip(after).All(p => JsonNode.DeepEquals(p.First?["resources"], p.Second?["resources"])))
        {
            return;
        }

        Throw(existing, [FieldError.Forbidden("spec", "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)")]);
    }

    /// <summary><c>ValidateResourceRequirements</c>: a request above its limit.</summary>
    private static IEnumerable<FieldError> RequestsWithinLimits(string path, JsonNode? resources)
    {
        foreach (var resource in Kinds)
        {
            if (Quantity(resources, "requests", resource) is { } request && Quantity(resources, "limits", resource) is { } limit && request > limit)
            {
                yield return FieldError.Invalid(
                    FieldError.Key(FieldError.Child(path, "requests"), resource),
                    QuantityText(resources, "requests", resource),
                    string.Create(CultureInfo.InvariantCulture, $"must be less than or equal to {resource} limit of {QuantityText(resources, "limits", resource)}"));
            }
        }
    }

    private static bool SameContainerNames(JsonArray a, JsonArray b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First?["name"]?.GetValue<string>() == p.Second?["name"]?.GetValue<string>());

    private static void Throw(JsonObject pod, IReadOnlyList<FieldError> errors) =>
        throw StatusException.Invalid("", "Pod", pod.Name() ?? "", errors);
}
