using System.Text.Json.Nodes;
using ControllerMachinery;
using k8s.Models;
using SensorOperator.Api;

namespace SensorOperator.Reconciliation.Autopilot;

/// <summary>
/// Requests in-place resizes through the pods <c>resize</c> subresource (KEP-1287). A strategic
/// merge patch of the one container by name, memory request and limit together (request == limit
/// keeps the pod's QoS class, which a resize may not change). The kubelet actuates it later; the
/// pod's status tells when (<c>status.containerStatuses[].resources</c>).
/// </summary>
public sealed class PodResizer(KubeApiClient client)
{
    private static readonly ResourceType Pods = ResourceType.Of<V1Pod>();

    /// <summary>Returns the resizes that failed, described; a pod that is gone is not a failure (its replacement comes from the template).</summary>
    public async Task<IReadOnlyList<string>> ResizeAsync(string @namespace, IReadOnlyList<PodResize> resizes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resizes);
        var errors = new List<string>();
        foreach (var resize in resizes)
        {
            var memory = Quantities.Format(resize.To);
            var patch = new JsonObject
            {
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = resize.Container,
                        ["resources"] = new JsonObject
                        {
                            ["requests"] = new JsonObject { ["memory"] = memory },
                            ["limits"] = new JsonObject { ["memory"] = memory },
                        },
                    }),
                },
            };
            try
            {
                await client.PatchAsync(Pods, new ObjectKey(@namespace, resize.Pod), Patch.StrategicMerge(patch), cancellationToken, subresource: "resize");
            }
            catch (KubeApiException ex) when (ex.IsNotFound)
            {
                // Deleted meanwhile (a rollout, a crash): its replacement starts from the template.
            }
            catch (Exception ex) when (ex is KubeApiException or HttpRequestException)
            {
                errors.Add($"resize of pod {resize.Pod} ({resize.Component}) to {memory}: {ChildApplier.Describe(ex)}");
            }
        }

        return errors;
    }
}
