using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using SensorOperator.Api;

namespace SensorOperator.Reconciliation.Steps;

/// <summary>
/// Computes the status and writes it once, as a merge patch of the status subresource, only when
/// it differs from what the stack already shows (an unchanged observation costs no write).
/// </summary>
public sealed class WriteStatusStep(IKubernetes client) : IReconcileStep
{
    public async Task RunAsync(ReconcileContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stack = context.Stack!;
        context.Status = StatusCalculator.Compute(new StatusInputs
        {
            Generation = stack.Metadata?.Generation,
            MemoryBudget = stack.Spec?.MemoryBudget ?? "",
            Previous = stack.Status,
            Plan = context.Plan!,
            ApplyErrors = context.Errors,
            Observation = context.Observation,
            Now = context.Now,
        });

        var body = StatusBody(context.Status);
        if (stack.Status is not null && JsonNode.DeepEquals(body, StatusBody(stack.Status)))
        {
            return;
        }

        try
        {
            var patch = new JsonObject { ["status"] = body };
            await client.CustomObjects.PatchNamespacedCustomObjectStatusWithHttpMessagesAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
                V1Alpha1SensorStack.Group, V1Alpha1SensorStack.Version, context.Key.Namespace, V1Alpha1SensorStack.Plural, context.Key.Name,
                cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException)
        {
            context.Errors.Add($"status update: {ApplyChildrenStep.Describe(ex)}");
        }
    }

    /// <summary>
    /// The status as JSON, with explicit nulls for absent scalar fields: a merge patch leaves a
    /// field it does not mention untouched, so "used" would otherwise outlive the metrics API.
    /// </summary>
    internal static JsonObject StatusBody(SensorStackStatus status)
    {
        var node = JsonNode.Parse(KubernetesJson.Serialize(status))!.AsObject();
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
