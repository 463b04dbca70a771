using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ControllerMachinery;

/// <summary>What a watch event says happened (apimachinery <c>watch.EventType</c>; ERROR is not an event here, see <see cref="WatchReader"/>).</summary>
public enum WatchEventKind
{
    Added,
    Modified,
    Deleted,

    /// <summary>No change: only <c>metadata.resourceVersion</c> matters, the point the watch has reached.</summary>
    Bookmark,
}

/// <summary>One event of a watch; the object stays raw JSON for the caller to read into its model.</summary>
public readonly record struct WatchEvent(WatchEventKind Kind, JsonElement Body)
{
    public string? ResourceVersion => RawObject.ResourceVersionOf(Body);
}

/// <summary>
/// Reads a watch: newline-delimited <c>WatchEvent</c> JSON from the response body of a
/// <c>watch=true</c> request (apiserver <c>pkg/endpoints/handlers/watch.go</c> writes one event per
/// frame; client-go reads them in <c>watch/streamwatcher.go</c>). How each way a watch ends is told
/// to the caller:
/// <list type="bullet">
/// <item>the server closes the stream (its <c>timeoutSeconds</c> elapsed, or it shut down cleanly):
/// the enumeration ends normally; resume from the last resourceVersion seen;</item>
/// <item>an <c>ERROR</c> event carrying a 410 Status on an HTTP 200 response, or a 410 answer to the
/// request itself: <see cref="ResourceExpiredException"/>, the caller must relist (client-go
/// <c>tools/cache/reflector.go</c> treats <c>apierrors.IsResourceExpired</c> / <c>IsGone</c> alike);</item>
/// <item>any other ERROR event or refusal: <see cref="KubeApiException"/> with its Status;</item>
/// <item>a dropped connection (reset, truncated chunk): the I/O exception, so the caller backs off.</item>
/// </list>
/// A line that is not a readable event is logged and skipped. Unlike client-go, whose JSON decoder
/// cannot resynchronise after a decode error and ends the watch, each event here is one line, so the
/// next line is read afresh and one bad frame costs nothing but itself.
/// </summary>
public sealed class WatchReader(KubeApiClient api, ILogger logger, ControllerMetrics? metrics = null)
{
    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        ResourceType resource, string? @namespace, WatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        HttpResponseMessage response;
        try
        {
            response = await api.OpenWatchAsync(resource, @namespace, options, cancellationToken);
        }
        catch (KubeApiException ex) when (ex.IsGone)
        {
            throw new ResourceExpiredException($"watch of {resource} from {options.ResourceVersion} expired", ex);
        }

        using (response)
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var lines = new StreamReader(body);
            while (await lines.ReadLineAsync(cancellationToken) is { } line)
            {
                if (Parse(resource, line) is { } watchEvent)
                {
                    yield return watchEvent;
                }
            }
        }
    }

    /// <summary>The event of one line; null for a blank line or one that cannot be read (logged).</summary>
    internal WatchEvent? Parse(ResourceType resource, string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        WatchLine? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(line, MachineryJson.Default.WatchLine);
        }
        catch (JsonException ex)
        {
            return Skip(resource, $"not JSON ({ex.Message})");
        }

        if (parsed?.Object.ValueKind != JsonValueKind.Object)
        {
            return Skip(resource, $"event {parsed?.Type} without an object");
        }

        switch (parsed.Type)
        {
            case "ADDED":
                return new WatchEvent(WatchEventKind.Added, parsed.Object);
            case "MODIFIED":
                return new WatchEvent(WatchEventKind.Modified, parsed.Object);
            case "DELETED":
                return new WatchEvent(WatchEventKind.Deleted, parsed.Object);
            case "BOOKMARK":
                return new WatchEvent(WatchEventKind.Bookmark, parsed.Object);
            case "ERROR":
                throw ErrorOf(resource, parsed.Object);
            default:
                return Skip(resource, $"unknown event type {parsed.Type}");
        }
    }

    private WatchEvent? Skip(ResourceType resource, string why)
    {
        Log.WatchLineSkipped(logger, resource, why);
        metrics?.UnparseableObjects.WithLabels(resource.ToString()).Inc();
        return null;
    }

    /// <summary>An ERROR event's Status as the exception the caller acts on (410: relist).</summary>
    private static Exception ErrorOf(ResourceType resource, JsonElement obj)
    {
        var status = KubeApiClient.StatusOf(obj.GetRawText());
        var code = status?.Code is { } c and > 0 ? (HttpStatusCode)c : HttpStatusCode.InternalServerError;
        var error = new KubeApiException(code, status, $"watch {resource}", obj.GetRawText());
        return code == HttpStatusCode.Gone
            ? new ResourceExpiredException($"watch of {resource} expired: {status?.Message}", error)
            : error;
    }
}
