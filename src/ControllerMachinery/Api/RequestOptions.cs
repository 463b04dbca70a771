using System.Globalization;
using System.Text.Json.Nodes;

namespace ControllerMachinery;

/// <summary>Parameters of a list (one page of it).</summary>
public sealed record ListOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Page size; null for the whole collection in one response.</summary>
    public int? Limit { get; init; }

    /// <summary>The continue token of the previous page.</summary>
    public string? Continue { get; init; }

    internal string Query() => ResourcePaths.Query(
        ("labelSelector", LabelSelector), ("fieldSelector", FieldSelector),
        ("limit", Limit?.ToString(CultureInfo.InvariantCulture)), ("continue", Continue));
}

/// <summary>Parameters of a watch (apiserver <c>metav1.ListOptions</c> with <c>watch=true</c>).</summary>
public sealed record WatchOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Events after this version; null or "0" start with the current state as ADDED events.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>The server ends the watch after this long (a normal end, not an error).</summary>
    public TimeSpan? Timeout { get; init; }

    public bool AllowBookmarks { get; init; } = true;

    internal string Query() => ResourcePaths.Query(
        ("watch", "true"), ("allowWatchBookmarks", AllowBookmarks ? "true" : null),
        ("labelSelector", LabelSelector), ("fieldSelector", FieldSelector), ("resourceVersion", ResourceVersion),
        ("timeoutSeconds", Timeout is { } t ? ((long)Math.Ceiling(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture) : null));
}

/// <summary>How a patch body is to be read by the API server.</summary>
public enum PatchKind
{
    /// <summary>Server-side apply (<c>application/apply-patch+yaml</c>; JSON is YAML).</summary>
    Apply,

    /// <summary>JSON merge patch, RFC 7386.</summary>
    Merge,

    /// <summary>JSON patch, RFC 6902.</summary>
    Json,

    /// <summary>Strategic merge patch (built-in kinds only): lists such as containers merge by their key.</summary>
    StrategicMerge,
}

/// <summary>A patch: its body, its kind, and (for server-side apply) the field manager.</summary>
public sealed record Patch(PatchKind Kind, JsonNode Body)
{
    /// <summary>Required by server-side apply; recorded in managedFields for the other kinds.</summary>
    public string? FieldManager { get; init; }

    /// <summary>Server-side apply only: take fields owned by other managers instead of failing with 409.</summary>
    public bool Force { get; init; }

    public static Patch Apply(JsonNode body, string fieldManager, bool force = false) =>
        new(PatchKind.Apply, body) { FieldManager = fieldManager, Force = force };

    public static Patch Merge(JsonNode body, string? fieldManager = null) => new(PatchKind.Merge, body) { FieldManager = fieldManager };

    public static Patch StrategicMerge(JsonNode body, string? fieldManager = null) => new(PatchKind.StrategicMerge, body) { FieldManager = fieldManager };

    internal string ContentType => Kind switch
    {
        PatchKind.Apply => "application/apply-patch+yaml",
        PatchKind.Merge => "application/merge-patch+json",
        PatchKind.Json => "application/json-patch+json",
        PatchKind.StrategicMerge => "application/strategic-merge-patch+json",
        _ => throw new InvalidOperationException($"unknown patch kind {Kind}"),
    };

    internal string Query() => ResourcePaths.Query(("fieldManager", FieldManager), ("force", Kind == PatchKind.Apply && Force ? "true" : null));
}

/// <summary>Parameters of a delete.</summary>
public sealed record DeleteOptions
{
    /// <summary>Background: the object goes now, its dependents after it. Orphan and Foreground as the API defines.</summary>
    public string? PropagationPolicy { get; init; } = "Background";

    internal string Query() => ResourcePaths.Query(("propagationPolicy", PropagationPolicy));
}
