using ControllerMachinery;
using k8s.Models;
using SensorOperator.Api;

namespace SensorOperator.Observation;

/// <summary>
/// Reads PodMetrics (metrics.k8s.io) per namespace. One answer is shared for a short while by every
/// stack in the namespace, so a thousand stacks in one namespace cost one request per interval,
/// not a thousand. Metrics-server itself only refreshes every 15 s or so.
/// </summary>
public sealed class PodMetricsSource(KubeApiClient api, TimeProvider time, TimeSpan maxAge)
{
    private static readonly ResourceType PodMetrics = new("metrics.k8s.io", "v1beta1", "pods", "PodMetrics");

    private readonly Dictionary<string, (DateTimeOffset At, PodMetricsList List)> _cache = [];
    private readonly Lock _gate = new();

    /// <summary>The namespace's pod metrics, or an exception saying why they are unavailable.</summary>
    public async Task<PodMetricsList> GetAsync(string @namespace, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_cache.TryGetValue(@namespace, out var hit) && time.GetUtcNow() - hit.At < maxAge)
            {
                return hit.List;
            }
        }

        PodMetricsList list;
        try
        {
            list = await api.ListAsync(PodMetrics, @namespace, new ListOptions(), OperatorJsonContext.Default.PodMetricsList, cancellationToken);
        }
        catch (KubeApiException ex)
        {
            throw new MetricsUnavailableException(
                ex.IsNotFound
                    ? "the metrics.k8s.io API is not served (is metrics-server installed?)"
                    : $"metrics.k8s.io answered {(int)ex.StatusCode}",
                ex);
        }
        catch (HttpRequestException ex)
        {
            throw new MetricsUnavailableException($"metrics.k8s.io unreachable: {ex.Message}", ex);
        }

        lock (_gate)
        {
            _cache[@namespace] = (time.GetUtcNow(), list);
        }

        return list;
    }
}

public sealed class MetricsUnavailableException : Exception
{
    public MetricsUnavailableException()
    {
    }

    public MetricsUnavailableException(string message)
        : base(message)
    {
    }

    public MetricsUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
