namespace SensorService.Ingestion;

/// <summary>RFC 7807 problem responses of the API, one place for their titles.</summary>
public static class Problems
{
    public static IResult BadRequest(ParseFailure failure) => failure.Errors is { Count: > 0 } errors
        ? TypedResults.ValidationProblem(errors, failure.Detail, title: "Invalid readings")
        : TypedResults.Problem(failure.Detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request body");

    public static IResult BadQuery(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid query");

    public static IResult TooLarge(int maxBytes) =>
        TypedResults.Problem($"The body is larger than {maxBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large");

    public static IResult UnsupportedMediaType(string? contentType) =>
        TypedResults.Problem(
            $"Content-Type '{contentType}' is not accepted; send application/json.",
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Unsupported media type");

    public static IResult Overloaded(int maxBatches) =>
        TypedResults.Problem(
            $"{maxBatches} batches are being ingested already; retry after 1 s.",
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Too many batches at once");

    public static IResult UnknownSensor(string sensorId) =>
        TypedResults.Problem($"No readings are stored for sensor '{sensorId}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown sensor");
}
