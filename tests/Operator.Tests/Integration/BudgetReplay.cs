using System.Text.Json.Nodes;
using k8s.Models;
using SensorStack.FakeKubeApi;

namespace SensorOperator.Tests.Integration;

/// <summary>
/// Replays the writes the fake committed, in order, and checks the budget after each one: Σ over
/// the stack's Deployments of template limit x replicas, and Σ over its live pods of the higher of
/// the limit they run with and the one they asked for. Also counts restarts (pods replaced by a
/// rollout, container restarts) and limit changes (template changes, resize requests).
/// </summary>
internal static class BudgetReplay
{
    public sealed record Result(IReadOnlyList<string> Violations, int Restarts, int TemplateChanges, long PeakTemplates, long PeakPods);

    public static Result Check(IReadOnlyList<CommittedWrite> writes, string stack, long budgetBytes)
    {
        var templates = new Dictionary<string, (long Limit, int Replicas)>();
        var pods = new Dictionary<string, (string Component, long Bytes, int Restarts)>();
        var componentsWithPods = new HashSet<string>();
        var violations = new List<string>();
        var (restarts, templateChanges, peakTemplates, peakPods) = (0, 0, 0L, 0L);
        foreach (var write in writes)
        {
            var obj = write.Written;
            if (obj["metadata"]?["labels"]?["app.kubernetes.io/instance"]?.GetValue<string>() != stack)
            {
                continue;
            }

            var name = obj["metadata"]!["name"]!.GetValue<string>();
            if (write.Resource == "deployments.apps")
            {
                var limit = MemoryLimits(obj["spec"]?["template"]?["spec"]?["containers"]);
                var replicas = Number(obj["spec"]?["replicas"]) ?? 1;
                if (write.EventType == "DELETED")
                {
                    templates.Remove(name);
                }
                else
                {
                    templateChanges += templates.TryGetValue(name, out var before) && before.Limit != limit ? 1 : 0;
                    templates[name] = (limit, replicas);
                }
            }
            else if (write.Resource == "pods")
            {
                var component = AutopilotTimeline.ComponentOf(obj);
                if (write.EventType == "DELETED")
                {
                    pods.Remove(name);
                }
                else
                {
                    var spec = MemoryLimits(obj["spec"]?["containers"]);
                    var actual = (obj["status"]?["containerStatuses"] as JsonArray ?? []).Sum(s => Bytes(s?["resources"]?["limits"]?["memory"]));
                    var restartCount = (obj["status"]?["containerStatuses"] as JsonArray ?? []).Sum(s => Number(s?["restartCount"]) ?? 0);
                    if (write.EventType == "ADDED" && !componentsWithPods.Add(component))
                    {
                        restarts++;
                    }

                    restarts += pods.TryGetValue(name, out var before) ? Math.Max(0, restartCount - before.Restarts) : 0;
                    pods[name] = (component, Math.Max(spec, actual), restartCount);
                }
            }
            else
            {
                continue;
            }

            var templateTotal = templates.Values.Sum(t => t.Limit * t.Replicas);
            var podTotal = pods.Values.Sum(p => p.Bytes);
            (peakTemplates, peakPods) = (Math.Max(peakTemplates, templateTotal), Math.Max(peakPods, podTotal));
            if (templateTotal > budgetBytes || podTotal > budgetBytes)
            {
                violations.Add($"after {write.EventType} {write.Resource} {name}: templates {templateTotal >> 20}Mi, pods {podTotal >> 20}Mi of {budgetBytes >> 20}Mi");
            }
        }

        return new Result(violations, restarts, templateChanges, peakTemplates, peakPods);
    }

    /// <summary>A JSON number as an int, whichever numeric type the node holds.</summary>
    private static int? Number(JsonNode? node) =>
        node is JsonValue value ? int.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : null;

    private static long MemoryLimits(JsonNode? containers) =>
        (containers as JsonArray ?? []).Sum(c => Bytes(c?["resources"]?["limits"]?["memory"]));

    private static long Bytes(JsonNode? quantity) =>
        quantity is JsonValue v && v.TryGetValue<string>(out var text) ? new ResourceQuantity(text).ToInt64() : 0;
}
