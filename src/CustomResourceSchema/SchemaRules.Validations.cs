using System.Text.Json.Nodes;

namespace CustomResourceSchema;

public static partial class SchemaRules
{
    private static readonly string[] ValidationReasons = ["FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"];

    /// <summary>The shape of each x-kubernetes-validations entry (the rules themselves are not compiled here).</summary>
    private static void Validations(SchemaNode s, string path, List<FieldError> errors)
    {
        for (var i = 0; i < (s.Validations?.Count ?? 0); i++)
        {
            var rulePath = FieldError.Index(FieldError.Child(path, "x-kubernetes-validations"), i);
            var entry = s.Validations![i] as JsonObject ?? [];
            var rule = JsonKinds.AsString(entry["rule"]) ?? "";
            var message = JsonKinds.AsString(entry["message"]) ?? "";
            if (rule.Trim().Length == 0)
            {
                errors.Add(FieldError.Required(FieldError.Child(rulePath, "rule"), "rule is not specified"));
            }
            else if (message.Length > 0 && message.Trim().Length == 0)
            {
                errors.Add(FieldError.Invalid(FieldError.Child(rulePath, "message"), message, "message must be non-empty if specified"));
            }
            else if (Newlines().IsMatch(message.Trim()))
            {
                errors.Add(FieldError.Invalid(FieldError.Child(rulePath, "message"), message, "message must not contain line breaks"));
            }
            else if (Newlines().IsMatch(rule.Trim()) && message.Trim().Length == 0)
            {
                errors.Add(FieldError.Required(FieldError.Child(rulePath, "message"), "message must be specified if rule contains line breaks"));
            }

            if (JsonKinds.AsString(entry["reason"]) is { } reason && !ValidationReasons.Contains(reason))
            {
                errors.Add(FieldError.NotSupported(FieldError.Child(rulePath, "reason"), reason, ValidationReasons));
            }
        }
    }
}
