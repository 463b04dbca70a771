using System.Globalization;

namespace ControllerMachinery;

/// <summary>
/// Sits in the Kubernetes client's HTTP pipeline: waits for the client-side rate limit (QPS and
/// burst, like client-go's rest config) and counts every request by verb and status code.
/// Watches are long-running streams, not load on the API server's request path, so they are
/// counted but not rate limited.
/// </summary>
public sealed class ApiRequestHandler(ControllerMetrics metrics, ClientRateLimit? rateLimit) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var verb = Verb(request);
        if (rateLimit is not null && verb != "watch")
        {
            await rateLimit.WaitAsync(cancellationToken);
        }

        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            metrics.ApiRequests.WithLabels(verb, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)).Inc();
            return response;
        }
        catch (HttpRequestException)
        {
            metrics.ApiRequests.WithLabels(verb, "0").Inc();
            throw;
        }
    }

    /// <summary>The Kubernetes verb (get, list, watch, create, patch, ...) rather than the HTTP method.</summary>
    internal static string Verb(HttpRequestMessage request)
    {
        var query = request.RequestUri?.Query ?? "";
        var method = request.Method.Method;
        if (method == "GET")
        {
            if (query.Contains("watch=true", StringComparison.OrdinalIgnoreCase))
            {
                return "watch";
            }

            return IsCollection(request.RequestUri) ? "list" : "get";
        }

        return method switch
        {
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => method.ToLowerInvariant(),
        };
    }

    /// <summary>
    /// True for a collection URL: /api/v1[/namespaces/NS]/PLURAL or /apis/G/V[/namespaces/NS]/PLURAL
    /// (one segment left after the prefix); a name or subresource after the plural makes it a get.
    /// </summary>
    internal static bool IsCollection(Uri? uri)
    {
        if (uri is null)
        {
            return false;
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var skip = segments.Length > 0 && segments[0] == "api" ? 2 : 3;
        var rest = segments.Skip(skip).ToArray();
        if (rest.Length >= 3 && rest[0] == "namespaces")
        {
            rest = rest[2..];
        }

        return rest.Length == 1;
    }
}
