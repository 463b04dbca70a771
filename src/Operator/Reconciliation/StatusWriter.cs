using System.Text.Json;
using System.Text.Json.Nodes;
using ControllerMachinery;
using SensorOperator.Api;

namespace SensorOperator.Reconciliation;

/// <summary>
/// Writes a stack's status once, as a merge patch of the status subresource, only when it differs
/// from what the stack already shows (an unchanged observation costs no write).
/// </summary>
public sealed class StatusWriter(KubeApiClient api)
{
    /// <summary>Returns false when the stack already showed this status (nothing was written).</summary>
    public async Task<bool> WriteAsync(V1Alpha1SensorStack stack, SensorStackStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(status);
        var body = StatusBody(status);
        if (stack.Status is not null && JsonNode.DeepEquals(body, StatusBody(stack.Status)))
        {
            return false;
        }

        var patch = new JsonObject { ["status"] = body };
        await api.PatchAsync(ResourceType.Of<V1Alpha1SensorStack>(), ObjectKey.Of(stack), Patch.Merge(patch), cancellationToken, subresource: "status");
        return true;
    }

    /// <summary>
    /// The status as JSON, with explicit nulls for absent scalar fields: a merge patch leaves a
    /// field it does not mention untouched, so "used" would otherwise outlive the metrics API.
    /// </summary>
    internal static JsonObject StatusBody(SensorStackStatus status)
    {
        var node = JsonSerializer.SerializeToNode(status, OperatorJsonContext.Default.SensorStackStatus)!.AsObject();
        foreach (var field in new[] { "observedGeneration", "budget", "allocated", "used", "components", "conditions" })
        {
            if (!node.ContainsKey(field))
            {
                node[field] = null;
            }
        }

        return node;
    }
}
