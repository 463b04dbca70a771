using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using SensorOperator.Api;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SensorOperator.Cli;

/// <summary>
/// Reads SensorStacks from a YAML file (one or more documents) strictly: an unknown or misspelled
/// field, a value the CRD's schema refuses or a document of another kind is an error that names
/// the file, the position and the field, instead of being ignored.
/// </summary>
public static partial class SensorStackFile
{
    /// <summary>Where each model type sits in the object, to turn "not found on type X" into a field path.</summary>
    private static readonly Dictionary<string, string> PathOfType = new()
    {
        [nameof(V1Alpha1SensorStack)] = "",
        [nameof(V1ObjectMeta)] = "metadata.",
        [nameof(SensorStackSpec)] = "spec.",
        [nameof(SensorSpec)] = "spec.sensor.",
        [nameof(VictoriaMetricsSpec)] = "spec.victoriaMetrics.",
        [nameof(GrafanaSpec)] = "spec.grafana.",
        [nameof(SensorStackStatus)] = "status.",
        [nameof(ComponentStatus)] = "status.components[].",
        [nameof(V1Condition)] = "status.conditions[].",
    };

    [GeneratedRegex(@"Property '(?<field>[^']+)' not found on type '(?:[\w.]+\.)?(?<type>\w+)'", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownProperty();

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
        // The client's multi-document loader stumbles over empty documents and reports a wrong kind
        // as a missing dictionary key, so documents are found here first: each one is checked for
        // apiVersion/kind, then deserialized strictly on its own.
        IList<YamlDocument> documents;
        List<string> texts;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(content));
            documents = stream.Documents;
            texts = DocumentTexts(content);
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

            V1Alpha1SensorStack stack;
            try
            {
                stack = KubernetesYaml.Deserialize<V1Alpha1SensorStack>(texts[i], strict: true);
            }
            catch (YamlException e)
            {
                return new([], $"{path}:{e.Start.Line}:{e.Start.Column}: {Describe(e)}");
            }

            stacks.Add(stack);
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
    /// The text of each document, preceded by as many blank lines and spaces as came before it, so
    /// that the positions in a deserialization error are positions in the file. (The representation
    /// model does not record where a node ends; the parser's document events do.)
    /// </summary>
    private static List<string> DocumentTexts(string content)
    {
        var texts = new List<string>();
        var parser = new Parser(new StringReader(content));
        var start = Mark.Empty;
        var inDocument = false;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case DocumentStart documentStart:
                    start = documentStart.Start;
                    inDocument = true;
                    break;
                case DocumentEnd documentEnd when inDocument:
                    var end = (int)Math.Min(documentEnd.End.Index, content.Length);
                    texts.Add(new string('\n', (int)start.Line - 1) + new string(' ', (int)start.Column - 1) + content[(int)start.Index..end]);
                    inDocument = false;
                    break;
            }
        }

        return texts;
    }

    private static string Describe(YamlException e)
    {
        // YamlDotNet wraps the useful message; the innermost one names the property or the conversion.
        var inner = e.InnerException ?? e;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        var message = inner is YamlException y ? StripPosition(y) : inner.Message;
        var unknown = UnknownProperty().Match(message);
        if (unknown.Success)
        {
            var prefix = PathOfType.GetValueOrDefault(unknown.Groups["type"].Value, unknown.Groups["type"].Value + ".");
            return $"unknown field \"{prefix}{unknown.Groups["field"].Value}\"";
        }

        return inner is FormatException or OverflowException or InvalidCastException ? $"invalid value: {message}" : message;
    }

    private static string StripPosition(YamlException e) =>
        // "(Line: 3, Col: 5, Idx: 40) - (Line: 3, Col: 9, Idx: 44): message" -> "message"
        e.Message.Contains("): ", StringComparison.Ordinal) ? e.Message[(e.Message.IndexOf("): ", StringComparison.Ordinal) + 3)..] : e.Message;
}
