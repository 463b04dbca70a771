using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CustomResourceSchema;

/// <summary>
/// YAML (which includes JSON) to JSON nodes as the API server's YAML decoder (sigs.k8s.io/yaml)
/// types them: plain scalars by the YAML 1.2 core schema (null, booleans, integers, floats),
/// quoted scalars always strings. Optionally records where each field sits in the text, keyed by
/// the field paths validation errors use (<c>spec.sensor.replicas</c>, <c>status.conditions[0]</c>).
/// </summary>
public static partial class YamlJson
{
    /// <summary>The nodes of every document in <paramref name="text"/> (YamlException on malformed YAML).</summary>
    public static List<YamlNode> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => d.RootNode)];
    }

    /// <summary>The first document as JSON, or null when there is none.</summary>
    public static JsonNode? Parse(string text) => Documents(text) is { Count: > 0 } documents ? Convert(documents[0]) : null;

    /// <param name="positions">Filled with the 1-based line and column of every field (the key of a mapping entry, the start of a list item).</param>
    public static JsonNode? Convert(YamlNode node, Dictionary<string, Mark>? positions = null) => Convert(node, "", positions);

    private static JsonNode? Convert(YamlNode node, string path, Dictionary<string, Mark>? positions)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? key.ToString();
                    var child = FieldError.Child(path, name);
                    positions?.TryAdd(child, key.Start);
                    obj[name] = Convert(value, child, positions);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var child = FieldError.Index(path, i);
                    positions?.TryAdd(child, sequence.Children[i].Start);
                    array.Add(Convert(sequence.Children[i], child, positions));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new YamlException(node.Start, node.End, $"unsupported YAML node {node.NodeType}");
        }
    }

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(bool.Parse(text));
        }

        if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
