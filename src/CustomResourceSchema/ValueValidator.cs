using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CustomResourceSchema;

/// <summary>
/// OpenAPI v3 value validation of a custom resource, as the API server runs it: kube-openapi's
/// <c>pkg/validation/validate</c> (SchemaValidator with its type, string, format, number, slice,
/// object and junctor validators; messages from <c>pkg/validation/errors/schema.go</c>, named
/// "<c>&lt;path&gt; in body</c>") turned into field errors by apiextensions-apiserver
/// <c>pkg/apiserver/validation/validation.go</c> <c>kubeOpenAPIResultToFieldErrors</c>, plus the
/// list-type checks of <c>pkg/apiserver/schema/listtype/validation.go</c>. CEL rules
/// (<c>x-kubernetes-validations</c>) are not evaluated here.
/// </summary>
public static class ValueValidator
{
    private const string In = "body";

    /// <summary>
    /// Validates <paramref name="value"/> against <paramref name="schema"/>. Messages name paths
    /// relative to the value (<c>spec.x in body</c>); <paramref name="fieldPrefix"/> is put before
    /// each error's field, as <c>kubeOpenAPIResultToFieldErrors(fldPath, ...)</c> does.
    /// </summary>
    public static List<FieldError> Validate(JsonNode? value, SchemaNode schema, string fieldPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(fieldPrefix);
        var errors = new List<FieldError>();
        Check(value, schema, "", errors);
        return [.. errors.Select(e => e with { Field = Join(fieldPrefix, e.Field) })];
    }

    private static string Join(string prefix, string field) =>
        prefix.Length == 0 ? field : field.Length == 0 ? prefix : field[0] == '[' ? prefix + field : $"{prefix}.{field}";

    private static void Check(JsonNode? value, SchemaNode schema, string path, List<FieldError> errors)
    {
        if (value is null)
        {
            // A JSON null passes a nullable or untyped schema; otherwise it is of the wrong type.
            if (!schema.Nullable && schema.Type.Length > 0)
            {
                errors.Add(FieldError.TypeInvalid(path, "null", $"{path} in {In} must be of type {schema.Type}: \"null\""));
            }

            return;
        }

        var actual = JsonKinds.TypeName(value);
        if (schema.Type.Length > 0 && actual != schema.Type && !(schema.Type == "number" && actual == "integer"))
        {
            // typeValidator.Validate: the data's own type name is both the value and the quoted tail.
            errors.Add(FieldError.TypeInvalid(path, actual, $"{path} in {In} must be of type {schema.Type}: \"{actual}\""));
            return;
        }

        CheckJunctors(value, schema, path, errors);
        CheckEnum(value, schema, path, errors);
        switch (value)
        {
            case JsonObject obj:
                CheckObject(obj, schema, path, errors);
                break;
            case JsonArray array:
                CheckArray(array, schema, path, errors);
                break;
            case JsonValue scalar when JsonKinds.AsString(scalar) is { } text:
                CheckString(text, schema, path, errors);
                break;
            case JsonValue scalar when actual is "integer" or "number":
                CheckNumber(scalar, schema, path, errors);
                break;
        }
    }

    private static void CheckEnum(JsonNode value, SchemaNode schema, string path, List<FieldError> errors)
    {
        if (schema.Enum is { Count: > 0 } allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            // EnumFailCode -> field.NotSupported with each allowed value as a string or as JSON.
            errors.Add(FieldError.NotSupported(path, JsonKinds.GoValue(value), allowed.Select(a => JsonKinds.AsString(a) ?? a?.ToJsonString() ?? "null")));
        }
    }

    private static void CheckString(string text, SchemaNode schema, string path, List<FieldError> errors)
    {
        if (!Formats.IsValid(schema.Format, text))
        {
            errors.Add(FieldError.TypeInvalid(path, text, $"{path} in {In} must be of type {schema.Format}: {GoFormat.Quote(text)}"));
        }

        // Lengths count characters (utf8.RuneCountInString), not bytes.
        var length = text.EnumerateRunes().Count();
        if (schema.MaxLength is { } max && length > max)
        {
            errors.Add(FieldError.TooLong(path, text, max));
        }

        if (schema.MinLength is { } min && length < min)
        {
            errors.Add(FieldError.Invalid(path, text, $"{path} in {In} should be at least {min} chars long"));
        }

        if (schema.Pattern.Length > 0 && !Patterns.Get(schema.Pattern).IsMatch(text))
        {
            errors.Add(FieldError.Invalid(path, text, $"{path} in {In} should match '{schema.Pattern}'"));
        }
    }

    private static void CheckNumber(JsonValue number, SchemaNode schema, string path, List<FieldError> errors)
    {
        var n = JsonKinds.AsDouble(number);
        var shown = JsonKinds.GoValue(number);
        if (schema.Maximum is { } max && (schema.ExclusiveMaximum ? n >= max : n > max))
        {
            var words = schema.ExclusiveMaximum ? "less than" : "less than or equal to";
            errors.Add(FieldError.Invalid(path, shown, $"{path} in {In} should be {words} {GoFormat.Number(max)}"));
        }

        if (schema.Minimum is { } min && (schema.ExclusiveMinimum ? n <= min : n < min))
        {
            var words = schema.ExclusiveMinimum ? "greater than" : "greater than or equal to";
            errors.Add(FieldError.Invalid(path, shown, $"{path} in {In} should be {words} {GoFormat.Number(min)}"));
        }

        if (schema.MultipleOf is { } factor && factor > 0 && Math.Abs(Math.IEEERemainder(n, factor)) > 1e-9)
        {
            errors.Add(FieldError.Invalid(path, shown, $"{path} in {In} should be a multiple of {GoFormat.Number(factor)}"));
        }
    }

    private static void CheckArray(JsonArray array, SchemaNode schema, string path, List<FieldError> errors)
    {
        if (schema.MaxItems is { } max && array.Count > max)
        {
            errors.Add(FieldError.TooMany(path, array.Count, max));
        }

        if (schema.MinItems is { } min && array.Count < min)
        {
            errors.Add(FieldError.Invalid(path, array, $"{path} in {In} should have at least {min} items"));
        }

        if (schema.Items is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(array[i], items, FieldError.Index(path, i), errors);
            }
        }

        CheckListType(array, schema, path, errors);
    }

    /// <summary>listtype.ValidateListSetsAndMaps: no duplicate set items, no duplicate map keys.</summary>
    private static void CheckListType(JsonArray array, SchemaNode schema, string path, List<FieldError> errors)
    {
        if (schema.ListType is not ("set" or "map"))
        {
            return;
        }

        var seen = new List<JsonNode?>();
        for (var i = 0; i < array.Count; i++)
        {
            JsonNode? key = schema.ListType == "set" ? array[i] : MapKey(array[i], schema.ListMapKeys);
            if (seen.Any(s => JsonNode.DeepEquals(s, key)))
            {
                errors.Add(FieldError.Duplicate(FieldError.Index(path, i), JsonKinds.GoValue(key)));
            }
            else
            {
                seen.Add(key?.DeepClone());
            }
        }
    }

    private static JsonObject MapKey(JsonNode? item, IReadOnlyList<string> keys)
    {
        var key = new JsonObject();
        foreach (var name in keys)
        {
            if (item is JsonObject obj && obj.TryGetPropertyValue(name, out var v))
            {
                key[name] = v?.DeepClone();
            }
        }

        return key;
    }

    private static void CheckObject(JsonObject obj, SchemaNode schema, string path, List<FieldError> errors)
    {
        if (schema.MaxProperties is { } max && obj.Count > max)
        {
            // TooManyPropertiesCode carries the limit as its value and no maximum: "has too many items".
            errors.Add(FieldError.TooMany(path, max, -1));
        }

        if (schema.MinProperties is { } min && obj.Count < min)
        {
            errors.Add(FieldError.Invalid(path, min, $"{path} in {In} should have at least {min} properties"));
        }

        foreach (var required in schema.Required)
        {
            if (!obj.ContainsKey(required))
            {
                errors.Add(FieldError.Required(FieldError.Child(path, required), ""));
            }
        }

        foreach (var (key, child) in obj)
        {
            if (schema.PropertyOrAdditional(key) is { } childSchema)
            {
                Check(child, childSchema, FieldError.Child(path, key), errors);
            }
        }
    }

    private static void CheckJunctors(JsonNode value, SchemaNode schema, string path, List<FieldError> errors)
    {
        foreach (var all in schema.AllOf)
        {
            Check(value, all, path, errors);
        }

        if (schema.AnyOf.Count > 0 && !schema.AnyOf.Any(s => Passes(value, s, path)))
        {
            errors.Add(FieldError.Invalid(path, "", $"{path} in {In} must validate at least one schema (anyOf)"));
        }

        if (schema.OneOf.Count > 0 && schema.OneOf.Count(s => Passes(value, s, path)) != 1)
        {
            errors.Add(FieldError.Invalid(path, "", $"{path} in {In} must validate one and only one schema (oneOf)"));
        }

        if (schema.Not is { } not && Passes(value, not, path))
        {
            errors.Add(FieldError.Invalid(path, "", $"{path} in {In} must not validate the schema (not)"));
        }
    }

    private static bool Passes(JsonNode value, SchemaNode schema, string path)
    {
        var errors = new List<FieldError>();
        Check(value, schema, path, errors);
        return errors.Count == 0;
    }

    /// <summary>Compiled patterns, shared: schemas are validated often and patterns repeat.</summary>
    private static class Patterns
    {
        private static readonly Dictionary<string, Regex> Cache = new(StringComparer.Ordinal);
        private static readonly Lock Gate = new();

        public static Regex Get(string pattern)
        {
            lock (Gate)
            {
                if (!Cache.TryGetValue(pattern, out var regex))
                {
                    regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                    Cache[pattern] = regex;
                }

                return regex;
            }
        }
    }
}
