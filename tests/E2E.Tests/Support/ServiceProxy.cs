using System.Text.Json;
using k8s;

namespace SensorStack.E2ETests.Support;

/// <summary>
/// Queries VictoriaMetrics through the API server's service proxy
/// (/api/v1/namespaces/NS/services/NAME:PORT/proxy/api/v1/query?query=...), as a user without
/// port-forwarding would, with the client's own credentials.
/// </summary>
public static class ServiceProxy
{
    /// <summary>Runs an instant PromQL query and returns the "data.result" array of the response.</summary>
    public static async Task<JsonElement> QueryAsync(IKubernetes client, string @namespace, string service, string port, string promql, CancellationToken cancellationToken)
    {
        // The client puts `path` into the URL as given; escaping the query value keeps PromQL's
        // braces, quotes and operators intact.
        var path = "api/v1/query?query=" + Uri.EscapeDataString(promql);
        await using var stream = await client.CoreV1.ConnectGetNamespacedServiceProxyWithPathAsync($"{service}:{port}", @namespace, path, cancellationToken: cancellationToken);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        var root = document.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"query {promql} failed: {root}");
        }

        return root.GetProperty("data").GetProperty("result").Clone();
    }
}
