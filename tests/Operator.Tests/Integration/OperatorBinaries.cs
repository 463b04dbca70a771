using SensorStack.Testing;

namespace SensorOperator.Tests.Integration;

/// <summary>
/// Where the builds of <c>sensor-operator</c> are: the JIT build next to the tests, and the
/// NativeAOT binary hack/test.sh publishes (<see cref="AotEnvironmentVariable"/> points elsewhere).
/// A missing AOT binary skips its test locally and fails it under CI=true, like a missing tool.
/// </summary>
internal static class OperatorBinaries
{
    public const string Jit = "jit";
    public const string Aot = "aot";

    /// <summary>Path of a NativeAOT sensor-operator to test instead of the default one.</summary>
    public const string AotEnvironmentVariable = "SENSOR_OPERATOR_AOT";

    /// <summary>Where hack/test.sh publishes the NativeAOT binary, relative to the repository root.</summary>
    public static readonly string DefaultAotPath = Path.Combine("artifacts", "operator-aot", "sensor-operator");

    public static string Find(string build)
    {
        if (build == Jit)
        {
            // The operator's project is referenced, so its JIT build is copied next to the tests.
            return Path.Combine(AppContext.BaseDirectory, "sensor-operator.dll");
        }

        var path = Environment.GetEnvironmentVariable(AotEnvironmentVariable) is { Length: > 0 } set
            ? set
            : Path.Combine(RepositoryRoot.Path, DefaultAotPath);
        if (File.Exists(path))
        {
            return path;
        }

        var reason = $"no NativeAOT sensor-operator at {path} (hack/test.sh publishes it: dotnet publish src/Operator -c Release -r linux-x64 -o {Path.GetDirectoryName(DefaultAotPath)})";
        if (RequiredTool.InCi)
        {
            Assert.Fail($"CI=true and {reason}.");
        }

        Assert.Skip(reason);
        return path; // not reached: Assert.Skip throws
    }
}
