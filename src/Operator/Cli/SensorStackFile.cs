using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using SensorOperator.Api;
using YamlDotNet.Core;

namespace SensorOperator.Cli;

/// <summary>
/// Reads SensorStacks from a YAML file (one or more documents) strictly: an unknown or misspelled
/// field, a value of the wrong type or a document of another kind is an error that names the file,
/// the position and the field, instead of being ignored.
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
        List<object> documents;
        try
        {
            var typeMap = new Dictionary<string, Type> { [$"{V1Alpha1SensorStack.GroupVersion}/{V1Alpha1SensorStack.ResourceKind}"] = typeof(V1Alpha1SensorStack) };
            documents = KubernetesYaml.LoadAllFromString(content, typeMap, strict: true);
        }
        catch (YamlException e)
        {
            return new([], $"{path}:{e.Start.Line}:{e.Start.Column}: {Describe(e)}");
        }
        catch (KeyNotFoundException e)
        {
            // The client looks each document's apiVersion/kind up in its type map.
            return new([], $"{path}: a document is not a {V1Alpha1SensorStack.GroupVersion} {V1Alpha1SensorStack.ResourceKind} (or lacks apiVersion/kind): {e.Message}");
        }

        var stacks = new List<V1Alpha1SensorStack>();
        for (var i = 0; i < documents.Count; i++)
        {
            if (documents[i] is not V1Alpha1SensorStack stack)
            {
                var other = documents[i] as IKubernetesObject;
                return new([], $"{path}: document {i + 1} is {other?.ApiVersion}/{other?.Kind}, not a {V1Alpha1SensorStack.GroupVersion} {V1Alpha1SensorStack.ResourceKind}");
            }

            if (stack.Spec is null)
            {
                return new([], $"{path}: document {i + 1}: spec: required");
            }

            stacks.Add(stack);
        }

        if (stacks.Count == 0)
        {
            return new([], $"{path}: no SensorStack found");
        }

        return new(stacks, null);
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

        return message;
    }

    private static string StripPosition(YamlException e) =>
        // "(Line: 3, Col: 5, Idx: 40) - (Line: 3, Col: 9, Idx: 44): message" -> "message"
        e.Message.Contains("): ", StringComparison.Ordinal) ? e.Message[(e.Message.IndexOf("): ", StringComparison.Ordinal) + 3)..] : e.Message;
}
