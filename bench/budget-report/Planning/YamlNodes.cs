using YamlDotNet.RepresentationModel;

namespace SensorStack.BudgetReport.Planning;

/// <summary>Small reads and writes of untyped YAML (sample and scrape config are not Kubernetes kinds the client models).</summary>
internal static class YamlNodes
{
    public static IReadOnlyList<YamlDocument> LoadAll(string yaml, string what)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new PlanException($"{what} is not valid YAML: {e.Message}");
        }

        return [.. stream.Documents];
    }

    public static YamlMappingNode? Mapping(YamlMappingNode? parent, string key) =>
        parent is not null && parent.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node as YamlMappingNode : null;

    public static string? Scalar(YamlMappingNode? parent, string key) =>
        parent is not null && parent.Children.TryGetValue(new YamlScalarNode(key), out var node) ? (node as YamlScalarNode)?.Value : null;

    public static string Save(YamlNode root)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        // YamlStream ends each document with "...": valid, but noise in a file people read.
        var text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }
}
