using System.Net;
using k8s.Models;

namespace ControllerMachinery;

/// <summary>
/// The API server refused a request. Carries the HTTP status and, when the body was one, the
/// <c>Status</c> object (reason, message, details) the server sent, so callers can tell a missing
/// object (404 NotFound) from a stale write (409 Conflict), an expired resourceVersion (410 Gone)
/// or an object the server will not accept (422 Invalid).
/// </summary>
public sealed class KubeApiException : Exception
{
    public KubeApiException()
        : this("the Kubernetes API refused the request")
    {
    }

    public KubeApiException(string message)
        : base(message)
    {
    }

    public KubeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KubeApiException(HttpStatusCode statusCode, V1Status? status, string request, string? body = null, string? reasonPhrase = null)
        : base(Describe(statusCode, status, request, body))
    {
        StatusCode = statusCode;
        Status = status;
        Request = request;
        ReasonPhrase = reasonPhrase;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The HTTP reason phrase of the answer (<c>Conflict</c>, <c>Internal Server Error</c>), when there was one.</summary>
    public string? ReasonPhrase { get; }

    /// <summary>The server's Status object, or null when the body was not one (a proxy's error page).</summary>
    public V1Status? Status { get; }

    /// <summary>Machine-readable reason (NotFound, AlreadyExists, Conflict, Expired, Invalid, ...), or null.</summary>
    public string? Reason => Status?.Reason;

    /// <summary>Method and path of the refused request, e.g. <c>PUT /apis/coordination.k8s.io/v1/namespaces/x/leases/y</c>.</summary>
    public string? Request { get; }

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    public bool IsConflict => StatusCode == HttpStatusCode.Conflict;

    public bool IsGone => StatusCode == HttpStatusCode.Gone;

    public bool IsInvalid => StatusCode == HttpStatusCode.UnprocessableEntity;

    private static string Describe(HttpStatusCode statusCode, V1Status? status, string request, string? body)
    {
        var detail = status?.Message is { Length: > 0 } message ? message : Truncate(body);
        var reason = status?.Reason is { Length: > 0 } r ? $" {r}" : "";
        return $"{request}: {(int)statusCode}{reason}{(detail is { Length: > 0 } ? ": " + detail : "")}";
    }

    private static string? Truncate(string? body) => body is { Length: > 200 } ? body[..200] + "..." : body;
}
