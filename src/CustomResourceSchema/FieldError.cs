using System.Globalization;
using System.Text;

namespace CustomResourceSchema;

/// <summary>
/// The kinds of <c>field.Error</c> (k8s.io/apimachinery <c>pkg/util/validation/field/errors.go</c>):
/// the cause type a Status carries and the words its message starts with.
/// </summary>
public enum FieldErrorType
{
    Required,
    Forbidden,
    Invalid,
    TypeInvalid,
    NotSupported,
    Duplicate,
    TooLong,
    TooMany,
}

/// <summary>
/// One validation error in the API server's shape: <c>field: Type: value: detail</c>
/// (<c>field.Error.Error()</c> and <c>ErrorBody()</c>). <paramref name="BadValue"/> is printed as Go's
/// <c>%v</c>/<c>%q</c> would print it; <see cref="OmitValue"/> leaves it out.
/// </summary>
public sealed record FieldError(FieldErrorType Type, string Field, object? BadValue, string Detail)
{
    /// <summary>A sentinel for errors that never print a value (field.TooMany with an unknown count).</summary>
    public static readonly object OmitValue = new();

    public static FieldError Required(string field, string detail) => new(FieldErrorType.Required, field, "", detail);

    public static FieldError Forbidden(string field, string detail) => new(FieldErrorType.Forbidden, field, "", detail);

    public static FieldError Invalid(string field, object? value, string detail) => new(FieldErrorType.Invalid, field, value, detail);

    public static FieldError TypeInvalid(string field, object? value, string detail) => new(FieldErrorType.TypeInvalid, field, value, detail);

    public static FieldError Duplicate(string field, object? value) => new(FieldErrorType.Duplicate, field, value, "");

    /// <summary>field.NotSupported: the detail lists the allowed values, each quoted.</summary>
    public static FieldError NotSupported(string field, object? value, IEnumerable<string> allowed) =>
        new(FieldErrorType.NotSupported, field, value, "supported values: " + string.Join(", ", allowed.Select(GoFormat.Quote)));

    /// <summary>field.TooLongMaxLength (Kubernetes 1.30-1.32 wording).</summary>
    public static FieldError TooLong(string field, object? value, long max) =>
        new(FieldErrorType.TooLong, field, value, max >= 0 ? $"may not be longer than {max}" : "value is too long");

    public static FieldError TooMany(string field, long actual, long max) =>
        new(FieldErrorType.TooMany, field, actual >= 0 ? actual : OmitValue, max >= 0 ? $"must have at most {max} items" : "has too many items");

    /// <summary>The <c>metav1.CauseType</c> of a Status cause.</summary>
    public string CauseType => Type switch
    {
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        FieldErrorType.Invalid => "FieldValueInvalid",
        FieldErrorType.TypeInvalid => "FieldValueTypeInvalid",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        FieldErrorType.TooLong => "FieldValueTooLong",
        _ => "FieldValueTooMany",
    };

    private string TypeText => Type switch
    {
        FieldErrorType.Required => "Required value",
        FieldErrorType.Forbidden => "Forbidden",
        FieldErrorType.Invalid or FieldErrorType.TypeInvalid => "Invalid value",
        FieldErrorType.NotSupported => "Unsupported value",
        FieldErrorType.Duplicate => "Duplicate value",
        FieldErrorType.TooLong => "Too long",
        _ => "Too many",
    };

    /// <summary><c>ErrorBody()</c>: the message of a Status cause, without the field.</summary>
    public string Body
    {
        get
        {
            var body = new StringBuilder(TypeText);
            if (Type is not (FieldErrorType.Required or FieldErrorType.Forbidden or FieldErrorType.TooLong) && !ReferenceEquals(BadValue, OmitValue))
            {
                body.Append(": ").Append(GoFormat.Value(BadValue));
            }

            if (Detail.Length > 0)
            {
                body.Append(": ").Append(Detail);
            }

            return body.ToString();
        }
    }

    public override string ToString() => $"{Field}: {Body}";

    /// <summary>
    /// <c>ErrorList.ToAggregate().Error()</c>: one message as is, several as <c>[a, b]</c>, repeated
    /// messages once.
    /// </summary>
    public static string Aggregate(IEnumerable<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var messages = errors.Select(e => e.ToString()).Distinct(StringComparer.Ordinal).ToList();
        return messages.Count == 1 ? messages[0] : "[" + string.Join(", ", messages) + "]";
    }

    /// <summary>Field paths built as <c>field.Path</c> builds them: <c>a.b</c>, <c>a[key]</c>, <c>a[0]</c>.</summary>
    public static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static string Key(string path, string key) => $"{path}[{key}]";

    public static string Index(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");
}
