using System.Text.Json.Nodes;
using SensorStack.FakeKubeApi.Http;

namespace SensorStack.FakeKubeApi.Patching;

/// <summary>
/// A documented simplification of server-side apply (<c>application/apply-patch+yaml</c>):
/// <list type="bullet">
/// <item>the applied object is merged over the existing one (maps merge key by key, lists and
/// scalars replace, as in a JSON merge patch);</item>
/// <item>fields this manager applied last time and no longer applies are removed, unless another
/// manager also owns them;</item>
/// <item>ownership is tracked per manager in <c>metadata.managedFields</c> (operation Apply);
/// a field another apply manager owns with a different value is a 409 conflict unless
/// <c>force=true</c>; fields written by PUT or merge patch are not tracked;</item>
/// <item>the object is created when missing; an apply that changes nothing writes nothing (the
/// resourceVersion stays).</item>
/// </list>
/// </summary>
internal static class ServerSideApply
{
    /// <summary>Computes the object after the apply; <paramref name="existing"/> is not modified.</summary>
    /// <param name="statusOnly">Applied to the status subresource: only <c>status</c> is taken.</param>
    public static JsonObject Apply(
        ResourceType type, JsonObject? existing, JsonObject applied, string manager, bool force, bool statusOnly, DateTimeOffset now)
    {
        var scoped = Scope(applied, type, statusOnly);
        var subresource = statusOnly ? "status" : null;
        var wanted = FieldSet.Of(scoped);
        var result = existing?.CloneObject() ?? [];
        var entries = result.Metadata()["managedFields"] as JsonArray ?? [];
        var mine = entries.OfType<JsonObject>().FirstOrDefault(e => IsEntry(e, manager, subresource));
        var previous = FieldSet.FromFieldsV1(mine?["fieldsV1"]);

        var others = entries.OfType<JsonObject>()
            .Where(e => e != mine && e.GetString("operation") == "Apply" && e.GetString("subresource") == subresource)
            .ToList();
        ResolveConflicts(type, applied.Name() ?? existing?.Name() ?? "", result, scoped, wanted, others, force);

        foreach (var path in previous.Paths.Where(p => !wanted.Paths.Contains(p)))
        {
            if (!others.Any(o => FieldSet.FromFieldsV1(o["fieldsV1"]).Paths.Contains(path)))
            {
                RemovePath(result, FieldSet.Segments(path));
            }
        }

        var merged = (JsonObject)MergePatch.Apply(result, scoped)!;
        var before = existing?.CloneObject();
        before?.Metadata().Remove("managedFields");
        var after = merged.CloneObject();
        after.Metadata().Remove("managedFields");
        var unchanged = before is not null && JsonNode.DeepEquals(before, after) && mine is not null && previous.SetEquals(wanted);

        var newEntries = new JsonArray();
        foreach (var entry in entries.OfType<JsonObject>())
        {
            if (entry == mine)
            {
                if (unchanged)
                {
                    newEntries.Add(entry.DeepClone());
                }

                continue;
            }

            newEntries.Add(entry.DeepClone());
        }

        if (!unchanged)
        {
            var entry = new JsonObject
            {
                ["manager"] = manager,
                ["operation"] = "Apply",
                ["apiVersion"] = type.ApiVersion,
                ["time"] = JsonNodes.Rfc3339(now),
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = wanted.ToFieldsV1(),
            };
            if (subresource is not null)
            {
                entry["subresource"] = subresource;
            }

            newEntries.Add(entry);
        }

        merged.Metadata()["managedFields"] = newEntries;
        return merged;
    }

    /// <summary>What of the applied object the request may set: status only, or all but status.</summary>
    private static JsonObject Scope(JsonObject applied, ResourceType type, bool statusOnly)
    {
        var scoped = applied.CloneObject();
        var metadata = scoped.Metadata();
        foreach (var serverOwned in new[] { "resourceVersion", "uid", "creationTimestamp", "generation", "managedFields", "deletionTimestamp" })
        {
            metadata.Remove(serverOwned);
        }

        if (statusOnly)
        {
            return new JsonObject
            {
                ["apiVersion"] = type.ApiVersion,
                ["kind"] = type.Kind,
                ["metadata"] = new JsonObject(),
                ["status"] = scoped["status"]?.DeepClone(),
            };
        }

        if (type.HasStatus)
        {
            scoped.Remove("status");
        }

        return scoped;
    }

    private static bool IsEntry(JsonObject entry, string manager, string? subresource) =>
        entry.GetString("manager") == manager && entry.GetString("operation") == "Apply" && entry.GetString("subresource") == subresource;

    private static void ResolveConflicts(
        ResourceType type, string name, JsonObject current, JsonObject scoped, FieldSet wanted, List<JsonObject> others, bool force)
    {
        var conflicts = new List<string>();
        foreach (var other in others)
        {
            var owned = FieldSet.FromFieldsV1(other["fieldsV1"]);
            var contested = owned.Paths
                .Where(p => wanted.Paths.Contains(p))
                .Where(p => !JsonNode.DeepEquals(At(current, p), At(scoped, p)))
                .ToList();
            if (contested.Count == 0)
            {
                continue;
            }

            if (force)
            {
                owned.Paths.ExceptWith(contested);
                other["fieldsV1"] = owned.ToFieldsV1();
            }
            else
            {
                conflicts.AddRange(contested.Select(p => $"conflict with \"{other.GetString("manager")}\": .{string.Join('.', FieldSet.Segments(p))}"));
            }
        }

        if (conflicts.Count > 0)
        {
            throw StatusException.Conflict(type, name, $"Apply failed with {conflicts.Count} conflict(s): {string.Join("; ", conflicts)}");
        }
    }

    private static JsonNode? At(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var segment in FieldSet.Segments(path))
        {
            node = (node as JsonObject)?[segment];
        }

        return node;
    }

    private static void RemovePath(JsonObject root, string[] segments)
    {
        var node = root;
        foreach (var segment in segments[..^1])
        {
            if (node[segment] is not JsonObject child)
            {
                return;
            }

            node = child;
        }

        node.Remove(segments[^1]);
    }
}
