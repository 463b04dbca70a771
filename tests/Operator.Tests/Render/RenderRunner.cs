using System.CommandLine;
using SensorOperator.Cli;

namespace SensorOperator.Tests.Render;

/// <summary>Runs `sensor-operator render` through the real command line parser, capturing its output.</summary>
internal static class RenderRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(params string[] args)
    {
        var root = new RootCommand("test") { RenderCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = root.Parse(["render", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return new Result(exit, output.ToString(), error.ToString());
    }
}
