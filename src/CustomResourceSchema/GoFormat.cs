using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomResourceSchema;

/// <summary>
/// Values printed the way the API server's Go code prints them in messages: <c>%q</c> for strings
/// (strconv.Quote), <c>%v</c> for numbers and booleans, <c>%#v</c> for lists and maps.
/// </summary>
public static class GoFormat
{
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var quoted = new StringBuilder("\"");
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                default:
                    if (Rune.IsControl(rune))
                    {
                        quoted.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
                    }
                    else
                    {
                        quoted.Append(rune.ToString());
                    }

                    break;
            }
        }

        return quoted.Append('"').ToString();
    }

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Value(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        bool b => b ? "true" : "false",
        long or int => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => Number(d),
        IReadOnlyList<string> list => "[]string{" + string.Join(", ", list.Select(Quote)) + "}",
        JsonNode node => Node(node),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>A JSON value as Go prints the unstructured value it decodes to.</summary>
    public static string Node(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject obj => "map[string]interface {}{" + string.Join(", ", obj.Select(p => $"{Quote(p.Key)}:{Node(p.Value)}")) + "}",
        JsonArray array => "[]interface {}{" + string.Join(", ", array.Select(Node)) + "}",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quote(v.GetValue<string>()),
        _ => node.ToJsonString(),
    };
}
