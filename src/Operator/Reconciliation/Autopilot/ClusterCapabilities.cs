using System.Globalization;
using ControllerMachinery;
using SensorOperator.Planning.Autopilot;

namespace SensorOperator.Reconciliation.Autopilot;

/// <summary>What the cluster lets the autopilot do: resize pods in place, and lower a memory limit in place.</summary>
/// <param name="ServesPodResize">Discovery lists <c>pods/resize</c> (Kubernetes 1.33 and later).</param>
/// <param name="MinorVersion">The API server's minor version (1.x); 0 when it could not be read.</param>
public sealed record ResizeCapabilities(bool ServesPodResize, int MinorVersion)
{
    /// <summary>
    /// A memory limit may be lowered in place with the default <c>NotRequired</c> resize policy from
    /// 1.34 (KEP-1287 "Memory Limit Decreases"); 1.33 refuses it ("memory limits cannot be decreased
    /// unless resizePolicy is RestartContainer").
    /// </summary>
    public bool LowersMemoryInPlace => ServesPodResize && MinorVersion >= 34;

    public static ResizeCapabilities None { get; } = new(false, 0);

    /// <summary>
    /// How a component's limit can change: without pods/resize every change goes through the pod
    /// template (a restart). With it, growth is in place; the sensor also shrinks in place where the
    /// cluster allows it (it re-reads its cgroup limit), the Go components shrink through a restart
    /// because they read their limit only at start.
    /// </summary>
    public ResizeMode ModeOf(string component) =>
        !ServesPodResize ? ResizeMode.AlwaysRestarts
        : component == Planning.ComponentNames.Sensor && LowersMemoryInPlace ? ResizeMode.InPlace
        : ResizeMode.ShrinkRestarts;
}

/// <summary>
/// Reads <see cref="ResizeCapabilities"/> from discovery (<c>/api/v1</c>) and <c>/version</c>,
/// remembering the answer for a while (an upgraded cluster is noticed within <paramref name="recheckEvery"/>).
/// A failed read keeps the last answer, or answers <see cref="ResizeCapabilities.None"/> (everything
/// through the template: always safe).
/// </summary>
public sealed class ClusterCapabilities(KubeApiClient client, TimeProvider time, TimeSpan recheckEvery)
{
    private readonly Lock gate = new();
    private (ResizeCapabilities Answer, DateTimeOffset At)? last;

    public async Task<ResizeCapabilities> GetAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (last is { } known && time.GetUtcNow() - known.At < recheckEvery)
            {
                return known.Answer;
            }
        }

        ResizeCapabilities answer;
        try
        {
            var resources = await client.GetResourcesAsync("", "v1", cancellationToken);
            var version = await client.GetVersionAsync(cancellationToken);
            answer = new ResizeCapabilities(
                resources.Resources?.Any(r => r.Name == "pods/resize") == true,
                ParseMinor(version.Minor));
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException)
        {
            lock (gate)
            {
                return last?.Answer ?? ResizeCapabilities.None;
            }
        }

        lock (gate)
        {
            last = (answer, time.GetUtcNow());
        }

        return answer;
    }

    /// <summary>Managed clusters report minors like "33+"; the digits are what counts.</summary>
    private static int ParseMinor(string? minor) =>
        int.TryParse(new string((minor ?? "").TakeWhile(char.IsAsciiDigit).ToArray()), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
