using System.Text.Json.Nodes;
using CustomResourceSchema;
using SensorStack.FakeKubeApi.Http;
using YamlDotNet.Core;

namespace SensorStack.FakeKubeApi.Patching;

/// <summary>
/// Reads an apply-patch body or a CRD file, which the API server accepts as YAML or JSON (JSON is
/// YAML), with the shared YAML decoding (plain scalars typed, quoted scalars strings).
/// </summary>
public static class YamlToJson
{
    public static JsonNode? Parse(string text)
    {
        try
        {
            return YamlJson.Parse(text);
        }
        catch (YamlException e)
        {
            throw StatusException.BadRequest($"error decoding YAML: {e.Message}");
        }
    }
}
