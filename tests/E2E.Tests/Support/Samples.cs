using k8s;
using SensorOperator.Api;
using SensorStack.Testing;

namespace SensorStack.E2ETests.Support;

/// <summary>The example SensorStacks in config/samples, as users apply them, moved into a test namespace.</summary>
public static class Samples
{
    public static V1Alpha1SensorStack Load(string fileName, string @namespace)
    {
        var yaml = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "config", "samples", fileName));
        var stack = ModelYaml.Deserialize<V1Alpha1SensorStack>(yaml, strict: true);
        stack.Metadata.NamespaceProperty = @namespace;
        return stack;
    }
}
