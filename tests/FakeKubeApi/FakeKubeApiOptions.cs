namespace SensorStack.FakeKubeApi;

/// <summary>Knobs of a <see cref="FakeKubeApiServer"/>; the defaults suit most tests.</summary>
public sealed class FakeKubeApiOptions
{
    /// <summary>Changes kept for watch resumption; older resourceVersions get 410 Gone.</summary>
    public int EventHistoryCapacity { get; init; } = 100_000;

    /// <summary>How often a watch with <c>allowWatchBookmarks=true</c> gets a BOOKMARK (the real server: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a watch without <c>timeoutSeconds</c> stays open (the real server: 30 to 60 minutes).</summary>
    public TimeSpan DefaultWatchTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Seed of the random choices of fault rules with a rate below 1.</summary>
    public int FaultSeed { get; init; } = 20_240_611;

    /// <summary>Clock for creationTimestamp, managedFields times, watch timeouts and bookmarks.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// The Kubernetes minor version the server claims (<c>/version</c>, 1.x). It decides the version
    /// gated behaviour modelled: the pods <c>resize</c> subresource from 1.33, in-place memory limit
    /// decreases from 1.34. The default, 1.32, serves neither.
    /// </summary>
    public int KubernetesMinorVersion { get; init; } = 32;

    /// <summary>Whether <c>pods/{name}/resize</c> is served (1.33 and later).</summary>
    public bool ServesPodResize => KubernetesMinorVersion >= Resize.PodResizeRules.ServedFromMinor;

    /// <summary>What the server serves at start; tests may add and remove resources later.</summary>
    public IReadOnlyList<ResourceType> Resources { get; init; } = BuiltInResources.Defaults;
}
