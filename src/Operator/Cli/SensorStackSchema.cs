using System.Text.Json.Nodes;
using CustomResourceSchema;
using SensorOperator.Api;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SensorOperator.Cli;

/// <summary>
/// The SensorStack CRD's own openAPIV3Schema (the CRD file is embedded in the binary), applied to
/// render's input with the same code the tests' fake API server admits objects with: what the API
/// server would refuse for its schema is refused here, naming the field and where it is.
/// CEL rules are not evaluated here; the planner's spec checks are their twins.
/// </summary>
internal static class SensorStackSchema
{
    private const string CrdResource = "sensorstack.io_sensorstacks.yaml";

    private static readonly Lazy<CustomResourceAdmission> Admission = new(Load);

    /// <summary>The schema of the served version, from the embedded CRD.</summary>
    public static CustomResourceAdmission Current => Admission.Value;

    /// <summary>
    /// Checks one document as the API server would with strict field validation (kubectl's
    /// default): unknown fields first (a strict decoding error), then the schema's value rules.
    /// Returns null when it passes, else one line per problem: <c>file:line:column: field: ...</c>.
    /// </summary>
    public static string? Check(string file, YamlMappingNode document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var positions = new Dictionary<string, Mark>(StringComparer.Ordinal);
        var obj = (JsonObject)YamlJson.Convert(document, positions)!;
        var unknown = Current.Decode(obj);
        var problems = unknown.Count > 0
            ? unknown.Select(path => (Field: path, Text: CustomResourceAdmission.UnknownField(path)))
            : Current.Validate(obj).Select(error => (error.Field, Text: error.ToString()));
        var lines = problems.Select(p => $"{file}:{Position(positions, p.Field, document.Start)}: {p.Text}").ToList();
        return lines.Count == 0 ? null : string.Join(Environment.NewLine, lines);
    }

    /// <summary>Where a field is, or the nearest enclosing field that exists (a missing required field has no position).</summary>
    internal static string Position(Dictionary<string, Mark> positions, string field, Mark documentStart)
    {
        for (var path = field; path.Length > 0; path = Parent(path))
        {
            if (positions.TryGetValue(path, out var mark))
            {
                return $"{mark.Line}:{mark.Column}";
            }
        }

        return $"{documentStart.Line}:{documentStart.Column}";
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }

    private static CustomResourceAdmission Load()
    {
        using var stream = typeof(SensorStackSchema).Assembly.GetManifestResourceStream(CrdResource)
            ?? throw new InvalidOperationException($"the binary does not carry {CrdResource}");
        using var reader = new StreamReader(stream);
        var crd = YamlJson.Parse(reader.ReadToEnd()) as JsonObject ?? throw new InvalidOperationException($"{CrdResource} is not a CRD");
        return CustomResourceAdmission.ForVersion(crd, V1Alpha1SensorStack.Version)
            ?? throw new InvalidOperationException($"{CrdResource} declares no schema for {V1Alpha1SensorStack.Version}");
    }
}
