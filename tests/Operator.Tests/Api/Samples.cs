using k8s;
using SensorOperator.Api;
using SensorStack.Testing;

namespace SensorOperator.Tests.Api;

/// <summary>The example SensorStacks in config/samples, shared by the API, planner and render tests.</summary>
public static class Samples
{
    public static string Directory => Path.Combine(RepositoryRoot.Path, "config", "samples");

    public static string CrdPath => Path.Combine(RepositoryRoot.Path, "config", "crds", "sensorstack.io_sensorstacks.yaml");

    /// <summary>Every sample's file name (without directory), sorted.</summary>
    public static TheoryData<string> Names()
    {
        var names = System.IO.Directory.GetFiles(Directory, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        var data = new TheoryData<string>();
        foreach (var name in names)
        {
            data.Add(name!);
        }

        return data;
    }

    public static string PathOf(string name) => Path.Combine(Directory, name);

    public static string Text(string name) => File.ReadAllText(PathOf(name));

    public static V1Alpha1SensorStack Load(string name) => ModelYaml.Deserialize<V1Alpha1SensorStack>(Text(name), strict: true);
}
