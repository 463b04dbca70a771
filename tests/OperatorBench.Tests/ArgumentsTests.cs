using SensorStack.Bench.Operator;

namespace SensorStack.OperatorBenchTests;

public sealed class ArgumentsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("operator-bench-args").FullName;

    [Fact]
    public void A_jit_dll_an_aot_binary_and_an_extra_environment_become_three_builds()
    {
        var dll = Touch("sensor-operator.dll");
        var native = Touch("sensor-operator");

        var arguments = BenchArguments.Parse(
            ["--operator", dll, "--aot", native, "--variant", $"AOT-wks={native};DOTNET_gcServer=0;DOTNET_GCgen0size=400000", "--counts", "1,1000"]);

        Assert.Equal(["JIT", "AOT", "AOT-wks"], arguments.Variants.Select(v => v.Label));
        Assert.True(arguments.Variants[0].IsJit);
        Assert.False(arguments.Variants[1].IsJit);
        Assert.Equal("0", arguments.Variants[2].Environment["DOTNET_gcServer"]);
        Assert.Equal("400000", arguments.Variants[2].Environment["DOTNET_GCgen0size"]);
        Assert.Equal([1, 1000], arguments.Counts);
        Assert.Equal(5, arguments.StartupRepeats);
    }

    [Theory]
    [InlineData("--variant", "no-path", "expected LABEL=PATH")]
    [InlineData("--variant", "X=PATH;novalue", "is not NAME=VALUE")]
    [InlineData("--aot", "/nonexistent/sensor-operator", "does not exist")]
    public void Bad_build_arguments_are_refused_with_what_is_wrong(string option, string value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => BenchArguments.Parse([option, value.Replace("PATH", Touch("x"), StringComparison.Ordinal)]));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_builds_with_one_label_are_refused()
    {
        var dll = Touch("sensor-operator.dll");
        var error = Assert.Throws<ArgumentException>(() => BenchArguments.Parse(["--operator", dll, "--variant", $"JIT={dll}"]));
        Assert.Contains("its own label", error.Message, StringComparison.Ordinal);
    }

    private string Touch(string name)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, "");
        return path;
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
