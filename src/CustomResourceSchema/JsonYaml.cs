using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CustomResourceSchema;

/// <summary>
/// JSON nodes to YAML text, the reverse of <see cref="YamlJson"/>, without reflection: the events
/// go straight to YamlDotNet's emitter. The style is the one kubectl and the Kubernetes C# client
/// write: block mappings and sequences, keys in the JSON's order, plain scalars where YAML reads
/// them back as the same string, double quotes for a string YAML would read as null, a boolean or
/// a number (the client's <c>StringQuotingEmitter</c> pattern, from YAML 1.2's core schema), and a
/// literal block for a multi-line string.
/// </summary>
public static partial class JsonYaml
{
    /// <summary>One YAML document per node, separated by <c>---</c>; null entries are left out.</summary>
    public static string Documents(IEnumerable<JsonNode?> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        using var writer = new StringWriter();
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        foreach (var document in documents)
        {
            if (document is null)
            {
                continue;
            }

            emitter.Emit(new DocumentStart());
            Emit(emitter, document);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }

        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    /// <summary>One YAML document.</summary>
    public static string Document(JsonNode node) => Documents([node]);

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Any));
                foreach (var (key, value) in obj)
                {
                    emitter.Emit(String(key));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Any));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                emitter.Emit(String(value.GetValue<string>()));
                break;
            case JsonValue value:
                // Numbers keep the text they had in the JSON; true and false are YAML's own words.
                emitter.Emit(new Scalar(value.ToJsonString()));
                break;
            case null:
                emitter.Emit(new Scalar("null"));
                break;
        }
    }

    private static Scalar String(string text)
    {
        var style = TypedLooking().IsMatch(text) ? ScalarStyle.DoubleQuoted
            : text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : ScalarStyle.Any;
        return new Scalar(null, null, text, style, isPlainImplicit: true, isQuotedImplicit: true);
    }

    /// <summary>Plain scalars YAML 1.2's core schema reads as null, a boolean or a number (and the empty string).</summary>
    [GeneratedRegex(@"^(\~|null|true|false|-?(0|[1-9][0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?)?$")]
    private static partial Regex TypedLooking();
}
