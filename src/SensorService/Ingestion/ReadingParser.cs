using System.Buffers;
using System.Text.Json;
using SensorService.Storage;

namespace SensorService.Ingestion;

/// <summary>Why a body was rejected: a 400 problem with per-field errors when there are any.</summary>
public sealed record ParseFailure(string Reason, string Detail, Dictionary<string, string[]>? Errors = null);

/// <summary>
/// Turns a request body (one reading object or an array of them) into validated readings. Pure:
/// either every reading is valid and all are returned, or nothing is, so a rejected request can
/// never store part of a batch.
/// </summary>
public static class ReadingParser
{
    private const int MaxReportedErrors = 20;

    public static ParseFailure? TryParse(ReadOnlySequence<byte> body, IngestOptions limits, DateTimeOffset now, out SensorReading[] readings)
    {
        readings = [];
        List<ReadingInput?> inputs;
        bool isArray;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read())
            {
                return new ParseFailure("invalid_json", "The body is empty; send a reading object or an array of them.");
            }

            isArray = reader.TokenType == JsonTokenType.StartArray;
            if (!isArray && reader.TokenType != JsonTokenType.StartObject)
            {
                return new ParseFailure("invalid_json", "The body must be a reading object or an array of reading objects.");
            }

            // Deserialize from a fresh reader so the serializer sees the whole value, then make
            // sure nothing but whitespace follows it (the reader throws on a second value).
            var values = new Utf8JsonReader(body);
            inputs = isArray
                ? JsonSerializer.Deserialize(ref values, SensorJsonContext.Default.ListReadingInput) ?? []
                : [JsonSerializer.Deserialize(ref values, SensorJsonContext.Default.ReadingInput)];
            if (values.Read())
            {
                return new ParseFailure("invalid_json", "The body holds more than one JSON value.");
            }
        }
        catch (JsonException e)
        {
            return new ParseFailure("invalid_json", $"The body is not valid JSON for a reading: {Describe(e)}");
        }

        if (isArray && inputs.Count == 0)
        {
            return new ParseFailure("invalid_reading", "The array holds no readings.");
        }

        if (inputs.Count > limits.MaxBatchSize)
        {
            return new ParseFailure("batch_too_large", $"The array holds {inputs.Count} readings; at most {limits.MaxBatchSize} are accepted per request.");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var invalid = 0;
        var result = new SensorReading[inputs.Count];
        var nowMs = now.ToUnixTimeMilliseconds();
        for (var i = 0; i < inputs.Count; i++)
        {
            var problems = Validate(inputs[i], limits);
            if (problems.Count > 0)
            {
                invalid++;
                foreach (var (field, message) in problems)
                {
                    if (errors.Count < MaxReportedErrors)
                    {
                        errors[Key(isArray, i, field)] = [message];
                    }
                }

                continue;
            }

            var input = inputs[i]!;
            result[i] = new SensorReading(input.SensorId!, new Reading(input.Value!.Value, input.Timestamp?.ToUnixTimeMilliseconds() ?? nowMs));
        }

        if (invalid > 0)
        {
            var what = inputs.Count == 1 ? "The reading is invalid" : $"{invalid} of {inputs.Count} readings are invalid";
            return new ParseFailure("invalid_reading", $"{what}; nothing was stored.", errors);
        }

        readings = result;
        return null;
    }

    private static List<(string Field, string Message)> Validate(ReadingInput? input, IngestOptions limits)
    {
        var problems = new List<(string, string)>();
        if (input is null)
        {
            problems.Add(("", "must be a reading object, not null"));
            return problems;
        }

        if (input.SensorId is null)
        {
            problems.Add(("sensorId", "is required"));
        }
        else if (!SensorIds.IsValid(input.SensorId, limits.MaxSensorIdLength))
        {
            problems.Add(("sensorId", SensorIds.Rule(limits.MaxSensorIdLength)));
        }

        if (input.Value is not { } value)
        {
            problems.Add(("value", "is required"));
        }
        else if (!double.IsFinite(value))
        {
            problems.Add(("value", "must be a finite number"));
        }

        return problems;
    }

    private static string Key(bool isArray, int index, string field) => (isArray, field) switch
    {
        (true, "") => $"[{index}]",
        (true, _) => $"[{index}].{field}",
        (false, "") => "$",
        _ => field,
    };

    // The serializer's message names the JSON path and position; that is what a client needs.
    private static string Describe(JsonException e) =>
        e.Path is null ? e.Message : $"{e.Message.Split(" Path:", 2)[0]} (at {e.Path}, line {e.LineNumber + 1}, byte {e.BytePositionInLine})";
}
