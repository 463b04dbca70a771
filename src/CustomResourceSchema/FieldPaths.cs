using System.Globalization;
using System.Text.Json.Nodes;

namespace CustomResourceSchema;

/// <summary>Finds the value a field path (<c>spec.list[0].name</c>, as field errors name it) points at.</summary>
public static class FieldPaths
{
    public static bool TryResolve(JsonNode? root, string path, out JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(path);
        value = root;
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? part : part[..bracket];
            if (name.Length > 0)
            {
                if (value is not JsonObject obj || !obj.TryGetPropertyValue(name, out value))
                {
                    return false;
                }
            }

            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                if (close < 0 || value is not JsonArray array
                    || !int.TryParse(part.AsSpan(bracket + 1, close - bracket - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    || index >= array.Count)
                {
                    return false;
                }

                value = array[index];
                bracket = part.IndexOf('[', close);
            }
        }

        return true;
    }
}
