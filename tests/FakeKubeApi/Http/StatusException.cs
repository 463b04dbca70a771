using System.Text.Json.Nodes;
using CustomResourceSchema;

namespace SensorStack.FakeKubeApi.Http;

/// <summary>
/// A failed request, answered with a <c>Status</c> object the way the API server does
/// (<c>kind: Status</c>, <c>reason</c>, <c>code</c>, <c>details</c>), which KubernetesClient turns
/// into an <c>HttpOperationException</c> carrying the status code.
/// </summary>
public sealed class StatusException : Exception
{
    public StatusException(int code, string reason, string message, ResourceType? type = null, string? name = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Type = type;
        Name = name;
    }

    public int Code { get; }

    public string Reason { get; }

    public ResourceType? Type { get; }

    public string? Name { get; }

    /// <summary>Seconds for a <c>Retry-After</c> header (429 and 503).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>The field errors of a 422 Invalid, as <c>details.causes</c>.</summary>
    public IReadOnlyList<FieldError> Causes { get; init; } = [];

    /// <summary>The kind named in <c>details.kind</c> when it is not the plural (errors.NewInvalid names the Kind).</summary>
    public string? DetailsKind { get; init; }

    /// <summary>
    /// apimachinery <c>errors.NewInvalid</c>: 422 Invalid, message
    /// <c>Kind.group "name" is invalid: field: Type: detail</c> (several errors as <c>[a, b]</c>),
    /// one cause per field error.
    /// </summary>
    public static StatusException Invalid(string group, string kind, string name, IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var qualified = group.Length == 0 ? kind : $"{kind}.{group}";
        return new StatusException(422, "Invalid", $"{qualified} \"{name}\" is invalid: {FieldError.Aggregate(errors)}", new ResourceType(group, "", kind, kind, false), name)
        {
            Causes = errors,
            DetailsKind = kind,
        };
    }

    public static StatusException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.Id} \"{name}\" not found", type, name);

    public static StatusException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.Id} \"{name}\" already exists", type, name);

    public static StatusException Conflict(ResourceType type, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.Id} \"{name}\": {why}", type, name);

    public static StatusException StaleResourceVersion(ResourceType type, string name) =>
        Conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static StatusException BadRequest(string message) => new(400, "BadRequest", message);

    public static StatusException Invalid(ResourceType type, string name, string message) =>
        new(422, "Invalid", $"{type.Kind} \"{name}\" is invalid: {message}", type, name);

    public static StatusException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static StatusException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got '{contentType}')");

    public static StatusException Gone(string message) => new(410, "Expired", message);

    /// <summary>The <c>Status</c> body for this error.</summary>
    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
            ["code"] = Code,
        };
        if (Type is not null || Name is not null || RetryAfterSeconds is not null)
        {
            var details = new JsonObject();
            if (Name is not null)
            {
                details["name"] = Name;
            }

            if (Type is not null)
            {
                details["group"] = Type.Group;
                details["kind"] = DetailsKind ?? Type.Plural;
            }

            if (Causes.Count > 0)
            {
                details["causes"] = new JsonArray([.. Causes.Select(c => (JsonNode)new JsonObject
                {
                    ["reason"] = c.CauseType,
                    ["message"] = c.Body,
                    ["field"] = c.Field,
                })]);
            }

            if (RetryAfterSeconds is { } seconds)
            {
                details["retryAfterSeconds"] = seconds;
            }

            status["details"] = details;
        }

        return status;
    }
}
