using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CustomResourceSchema;
using SensorOperator.Api;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SensorOperator.Cli;

/// <summary>
/// Reads SensorStacks from a YAML file (one or more documents) strictly: an unknown or misspelled
/// field, a value the CRD's schema refuses or a document of another kind is an error that names
/// the file, the position and the field, instead of being ignored. Each document is read as the
/// API server reads it (YAML to JSON, <see cref="YamlJson"/>), then into the model through the
/// source-generated <see cref="OperatorJsonContext.Strict"/>.
/// </summary>
public static partial class SensorStackFile
{
    [GeneratedRegex(@"^The JSON property '(?<field>[^']+)' could not be mapped", RegexOptions.CultureInvariant)]
    private static partial Regex UnmappedProperty();

    /// <summary>The result of loading: the stacks, or one error message that names file and field.</summary>
    public sealed record LoadResult(IReadOnlyList<V1Alpha1SensorStack> Stacks, string? Error);

    public static LoadResult Load(string path, TextReader? stdin = null)
    {
        string content;
        try
        {
            content = path == "-" ? (stdin ?? Console.In).ReadToEnd() : File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new([], $"{path}: cannot read: {e.Message}");
        }

        return Parse(path, content);
    }

    public static LoadResult Parse(string path, string content)
    {
        // Documents are found here first: each one is checked for apiVersion/kind, then read on its own.
        IList<YamlDocument> documents;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(content));
            documents = stream.Documents;
        }
        catch (YamlException e)
        {
            return new([], $"{path}:{e.Start.Line}:{e.Start.Column}: {Describe(e)}");
        }

        var stacks = new List<V1Alpha1SensorStack>();
        for (var i = 0; i < documents.Count; i++)
        {
            var document = documents[i];
            var number = i + 1;
            if (document.RootNode is YamlScalarNode { Value: null or "" })
            {
                continue; // an empty document, e.g. between two "---" or only comments
            }

            var at = $"{path}:{document.RootNode.Start.Line}:{document.RootNode.Start.Column}";
            if (document.RootNode is not YamlMappingNode root)
            {
                return new([], $"{at}: document {number} is not a mapping");
            }

            var apiVersion = Scalar(root, "apiVersion");
            var kind = Scalar(root, "kind");
            if (apiVersion != V1Alpha1SensorStack.GroupVersion || kind != V1Alpha1SensorStack.ResourceKind)
            {
                return new([], $"{at}: document {number} is {apiVersion ?? "(no apiVersion)"}/{kind ?? "(no kind)"}, not {V1Alpha1SensorStack.GroupVersion}/{V1Alpha1SensorStack.ResourceKind}");
            }

            // What the API server would refuse for the CRD's schema is refused before anything else,
            // with its words; the typed reading below then only meets values of the right JSON type.
            if (SensorStackSchema.Check(path, root) is { } invalid)
            {
                return new([], invalid);
            }

            var (stack, error) = Read(path, root);
            if (error is not null)
            {
                return new([], error);
            }

            stacks.Add(stack!);
        }

        if (stacks.Count == 0)
        {
            return new([], $"{path}: no SensorStack found");
        }

        return new(stacks, null);
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode { Value: { Length: > 0 } value } ? value : null;

    /// <summary>
    /// The document as a SensorStack. What the schema lets through but the model cannot take (a
    /// field the model lacks, metadata of the wrong shape) is an error naming its place in the file.
    /// </summary>
    private static (V1Alpha1SensorStack? Stack, string? Error) Read(string path, YamlMappingNode root)
    {
        var positions = new Dictionary<string, Mark>(StringComparer.Ordinal);
        var json = YamlJson.Convert(root, positions);
        try
        {
            return (json.Deserialize(OperatorJsonContext.Strict.V1Alpha1SensorStack), null);
        }
        catch (JsonException e)
        {
            var at = FieldOf(e.Path);
            var unmapped = UnmappedProperty().Match(e.Message);
            var problem = unmapped.Success
                ? CustomResourceAdmission.UnknownField(UnknownFieldPath(at, unmapped.Groups["field"].Value))
                : $"invalid value: {(at.Length == 0 ? "" : at + ": ")}{e.Message}";
            return (null, $"{path}:{SensorStackSchema.Position(positions, at, root.Start)}: {problem}");
        }
    }

    /// <summary>The path of an unknown field: System.Text.Json's path already ends with it, except at the root.</summary>
    private static string UnknownFieldPath(string at, string name) =>
        at == name || at.EndsWith("." + name, StringComparison.Ordinal) ? at : FieldError.Child(at, name);

    /// <summary>A System.Text.Json path (<c>$.spec.sensor</c>, <c>$['a.b'][0]</c>) as a field path (<c>spec.sensor</c>, <c>a.b[0]</c>).</summary>
    private static string FieldOf(string? jsonPath)
    {
        var field = "";
        foreach (Match part in JsonPathPart().Matches(jsonPath ?? ""))
        {
            field = part.Groups["index"].Success
                ? $"{field}[{part.Groups["index"].Value}]"
                : FieldError.Child(field, part.Groups["name"].Success ? part.Groups["name"].Value : part.Groups["quoted"].Value);
        }

        return field;
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>(?:[^']|'')*)'\]|\[(?<index>[0-9]+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex JsonPathPart();

    private static string Describe(YamlException e)
    {
        // YamlDotNet wraps the useful message; the innermost one says what is malformed.
        var inner = e.InnerException ?? e;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner is YamlException y ? StripPosition(y) : inner.Message;
    }

    private static string StripPosition(YamlException e) =>
        // "(Line: 3, Col: 5, Idx: 40) - (Line: 3, Col: 9, Idx: 44): message" -> "message"
        e.Message.Contains("): ", StringComparison.Ordinal) ? e.Message[(e.Message.IndexOf("): ", StringComparison.Ordinal) + 3)..] : e.Message;
}
