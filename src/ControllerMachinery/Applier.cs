using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ControllerMachinery;

/// <summary>
/// Writes desired objects with server-side apply (field manager, force) and skips the write when
/// the live object already carries the hash of the same desired content. "Unchanged" is decided
/// by that hash, not by comparing fields, because the API server defaults and re-formats fields
/// (quantities, ports, probes) in ways a field-by-field comparison would mistake for drift and
/// rewrite forever. The hash cannot see an edit by another field manager (kubectl edit) of a field
/// the operator owns, so a periodic resync applies regardless of the hash: with force, server-side
/// apply gives every field in the body back to this field manager and restores its value, and an
/// apply that changes nothing is not written by the API server (no new resourceVersion, no event).
/// </summary>
public sealed class Applier(KubeApiClient api, ApplierOptions options, ILogger<Applier> logger)
{
    /// <summary>The apply body of <paramref name="desired"/>, written with the type info <see cref="ApplierOptions.Json"/> has for its type.</summary>
    public DesiredObject Prepare(ResourceType resource, IKubernetesObject<V1ObjectMeta> desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var body = JsonSerializer.SerializeToNode(desired, options.Json.GetTypeInfo(desired.GetType()));
        return DesiredObject.From(resource, ObjectKey.Of(desired), body, options.HashAnnotation);
    }

    /// <summary>True when <paramref name="live"/> was applied from the same desired content.</summary>
    public bool IsUnchanged(DesiredObject desired, IMetadata<V1ObjectMeta>? live) =>
        live?.Metadata?.Annotations is { } annotations
        && annotations.TryGetValue(options.HashAnnotation, out var hash)
        && hash == desired.Hash
        && live.Metadata.DeletionTimestamp is null;

    /// <summary>
    /// Applies <paramref name="desired"/> unless <paramref name="live"/> is already up to date; with
    /// <paramref name="resync"/>, applies whatever the hash says, to revert drift.
    /// </summary>
    public async Task<ApplyOutcome> ApplyAsync(DesiredObject desired, IMetadata<V1ObjectMeta>? live, bool resync, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var unchanged = IsUnchanged(desired, live);
        if (unchanged && !resync)
        {
            return ApplyOutcome.Unchanged;
        }

        var resource = desired.Resource;
        await api.PatchAsync(resource, desired.Key, Patch.Apply(desired.Body, options.FieldManager, force: true), cancellationToken);
        var outcome = live is null ? ApplyOutcome.Created : unchanged ? ApplyOutcome.Resynced : ApplyOutcome.Updated;
        Log.Applied(logger, resource, desired.Key, outcome);
        return outcome;
    }
}

public enum ApplyOutcome
{
    Unchanged,
    Created,
    Updated,

    /// <summary>The desired content had not changed; applied anyway to revert edits by others.</summary>
    Resynced,
}
