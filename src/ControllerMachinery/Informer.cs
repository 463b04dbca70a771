using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ControllerMachinery;

/// <summary>
/// List-then-watch for one resource type, keeping an in-memory cache and raising add, update and
/// delete events. Watches start at the list's resourceVersion with bookmarks on and a finite
/// timeout, and resume from the last resourceVersion seen, so a routine watch timeout costs no
/// relist. A 410 Gone (history compacted) forces a relist, whose differences against the cache are
/// raised as events so no change is lost. Other errors back off exponentially with jitter. Each
/// object is read into <typeparamref name="T"/> on its own: one that does not fit is skipped and
/// reported (<see cref="Unreadable"/>), and the rest of the list or watch goes on.
/// </summary>
public sealed class Informer<T> : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly KubeApiClient _api;
    private readonly JsonTypeInfo<T> _type;
    private readonly WatchReader _watch;
    private readonly InformerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ControllerMetrics? _metrics;
    private volatile bool _synced;

    /// <param name="type">Reads an object into <typeparamref name="T"/>: the caller's source-generated type info.</param>
    public Informer(KubeApiClient api, ResourceType resource, JsonTypeInfo<T> type, InformerOptions options, TimeProvider time, ILogger logger, ControllerMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _api = api;
        _type = type;
        _watch = new WatchReader(api, logger, metrics);
        Resource = resource;
        _options = options;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    public ResourceType Resource { get; }

    public InformerCache<T> Cache { get; } = new();

    /// <summary>
    /// Applied to every listed or watched object before it is cached or raised in an event; may
    /// change the object in place (it is freshly deserialized and not shared). Defaults to removing
    /// metadata nobody reads; set it to keep only the fields the informer's users read.
    /// </summary>
    public Func<T, T> Transform { get; init; } = CacheTransforms.StripUnreadMetadata;

    public bool HasSynced => _synced;

    /// <summary>The resourceVersion the next watch resumes from (null before the first list).</summary>
    public string? LastResourceVersion { get; private set; }

    public event Action<T>? Added;

    public event Action<T, T>? Updated;

    public event Action<T>? Deleted;

    public event Action<IKubernetesObject<V1ObjectMeta>>? Changed;

    /// <summary>Raised for each version of an object that could not be read (and was skipped).</summary>
    public event Action<UnreadableObject>? Unreadable;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (LastResourceVersion is null)
                {
                    LastResourceVersion = await RelistAsync(cancellationToken);
                    _synced = true;
                }

                await WatchAsync(cancellationToken);
                failures = 0;
                _metrics?.WatchRestarts.WithLabels(Resource.ToString(), "timeout").Inc();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ResourceExpiredException)
            {
                // Not a failure: the server compacted history past our resourceVersion. Relist now.
                Log.WatchExpired(_logger, Resource, LastResourceVersion);
                _metrics?.WatchRestarts.WithLabels(Resource.ToString(), "gone").Inc();
                LastResourceVersion = null;
            }
#pragma warning disable CA1031 // Whatever broke this list or watch (network, server, a body it cannot read), a stopped
            // informer would silently freeze the operator's view of the cluster; retry with backoff and say so in logs and metrics.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures++;
                var delay = _options.ErrorBackoff.Delay(failures);
                _metrics?.WatchRestarts.WithLabels(Resource.ToString(), "error").Inc();
                Log.WatchFailed(_logger, Resource, ex.Message, failures, delay);
                try
                {
                    await Task.Delay(delay, _time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Lists every page, replaces the cache and raises the differences as events.</summary>
    private async Task<string> RelistAsync(CancellationToken cancellationToken)
    {
        var seen = new HashSet<ObjectKey>();
        string? continueToken = null;
        string resourceVersion;
        do
        {
            var page = await ListPageAsync(continueToken, cancellationToken);
            foreach (var raw in page.Items ?? [])
            {
                // An unreadable object still exists: it is not mistaken for a deletion below.
                seen.Add(RawObject.KeyOf(raw));
                if (Read(raw) is { } item)
                {
                    Store(item);
                }
            }

            continueToken = page.Metadata?.ContinueProperty;
            resourceVersion = page.Metadata?.ResourceVersion ?? "";
        }
        while (!string.IsNullOrEmpty(continueToken));

        foreach (var key in Cache.Keys.Where(k => !seen.Contains(k)))
        {
            if (Cache.Remove(key) is { } gone)
            {
                Deleted?.Invoke(gone);
                Changed?.Invoke(gone);
            }
        }

        UpdateGauge();
        Log.Listed(_logger, seen.Count, Resource, resourceVersion);
        return resourceVersion;
    }

    private async Task<RawList> ListPageAsync(string? continueToken, CancellationToken cancellationToken)
    {
        try
        {
            var options = new ListOptions { LabelSelector = _options.LabelSelector, Limit = _options.PageSize, Continue = continueToken };
            return await _api.ListAsync(Resource, _options.Namespace, options, MachineryJson.Default.RawList, cancellationToken);
        }
        catch (KubeApiException ex) when (ex.IsGone)
        {
            // The continue token expired mid-list: start the list again from the top.
            throw new ResourceExpiredException($"list continue token for {Resource} expired", ex);
        }
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        // The API server adds no jitter of its own to timeoutSeconds; spread the reconnects of
        // many informers across [timeout, 2 x timeout) as client-go's reflector does.
        var options = new WatchOptions
        {
            LabelSelector = _options.LabelSelector,
            ResourceVersion = LastResourceVersion,
            Timeout = _options.WatchTimeout * (1 + Random.Shared.NextDouble()),
        };
        await foreach (var watchEvent in _watch.WatchAsync(Resource, _options.Namespace, options, cancellationToken))
        {
            Handle(watchEvent.Kind, watchEvent.Body);
        }
    }

    private void Handle(WatchEventKind kind, JsonElement raw)
    {
        switch (kind)
        {
            case WatchEventKind.Added:
            case WatchEventKind.Modified:
                // An object that cannot be read is skipped: the last readable version stays cached.
                if (Read(raw) is { } item)
                {
                    Store(item);
                }

                break;
            case WatchEventKind.Deleted:
                // Gone is gone, readable or not: only its key is needed.
                if (Cache.Remove(RawObject.KeyOf(raw)) is { } removed)
                {
                    Deleted?.Invoke(removed);
                    Changed?.Invoke(removed);
                }

                break;
            case WatchEventKind.Bookmark:
            default:
                // Only the resourceVersion matters: it moves our resume point forward without a change.
                break;
        }

        if (RawObject.ResourceVersionOf(raw) is { Length: > 0 } resourceVersion)
        {
            LastResourceVersion = resourceVersion;
        }

        UpdateGauge();
    }

    /// <summary>The object as <typeparamref name="T"/>, or null (reported) when it does not fit.</summary>
    private T? Read(JsonElement raw)
    {
        try
        {
            return raw.Deserialize(_type);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or OverflowException)
        {
            var key = RawObject.KeyOf(raw);
            var unreadable = new UnreadableObject(Resource, key, RawObject.UidOf(raw), RawObject.ResourceVersionOf(raw), ex.Message);
            Log.Unreadable(_logger, Resource, key, unreadable.ResourceVersion, ex.Message);
            _metrics?.UnparseableObjects.WithLabels(Resource.ToString()).Inc();
            Unreadable?.Invoke(unreadable);
            return null;
        }
    }

    private void Store(T item)
    {
        item = Transform(item);
        var previous = Cache.Upsert(item);
        if (previous is null)
        {
            Added?.Invoke(item);
            Changed?.Invoke(item);
        }
        else if (previous.Metadata?.ResourceVersion != item.Metadata?.ResourceVersion)
        {
            Updated?.Invoke(previous, item);
            Changed?.Invoke(item);
        }
    }

    private void UpdateGauge() => _metrics?.CachedObjects.WithLabels(Resource.ToString()).Set(Cache.Count);
}
