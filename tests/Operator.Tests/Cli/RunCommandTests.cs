using System.CommandLine;
using SensorOperator.Cli;
using SensorStack.FakeKubeApi;

namespace SensorOperator.Tests.Cli;

public sealed class RunCommandTests
{
    private static readonly string[] ContractOptions =
    [
        "--kubeconfig", "--context", "--namespace", "--leader-elect", "--leader-election-namespace", "--http-port",
        "--observe-interval", "--qps", "--burst", "--max-concurrent-reconciles", "--sensor-image", "--log-level",
    ];

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var root = new RootCommand { RunCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await root.Parse(["run", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Help_documents_every_option()
    {
        var (code, output, _) = await Run("--help");

        Assert.Equal(0, code);
        Assert.All(ContractOptions, option => Assert.Contains(option, output, StringComparison.Ordinal));
        Assert.Contains("[default: 30s]", output, StringComparison.Ordinal);
        Assert.Contains("[default: 8080]", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--qps", "0", "--qps: 0 must be a positive number")]
    [InlineData("--burst", "0", "--burst: 0 must be at least 1")]
    [InlineData("--http-port", "70000", "--http-port: 70000 is not a port")]
    [InlineData("--max-concurrent-reconciles", "0", "--max-concurrent-reconciles: 0 must be at least 1")]
    [InlineData("--namespace", "Not_A_Namespace", "--namespace: \"Not_A_Namespace\" is not a valid namespace name")]
    [InlineData("--observe-interval", "10ms", "--observe-interval: 10ms is too short")]
    [InlineData("--resync-interval", "500ms", "--resync-interval: 500ms is too short")]
    [InlineData("--kubeconfig", "/nonexistent/kubeconfig", "--kubeconfig: \"/nonexistent/kubeconfig\" does not exist")]
    [InlineData("--sensor-image", "sensor service:1", "--sensor-image: \"sensor service:1\" is not an image reference")]
    public async Task An_invalid_option_stops_it_with_a_message_naming_option_and_value(string option, string value, string message)
    {
        var (code, _, error) = await Run(option, value, "--leader-elect", "false");

        Assert.Equal(RunCommand.InvalidUsage, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--observe-interval", "soon")]
    [InlineData("--resync-interval", "1d")]
    [InlineData("--log-level", "loud")]
    [InlineData("--leader-elect", "maybe")]
    public async Task Unparseable_values_are_refused_before_anything_starts(string option, string value)
    {
        var (code, _, error) = await Run(option, value);

        Assert.NotEqual(0, code);
        Assert.Contains(value, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubeconfig_and_context_select_the_cluster()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var path = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        try
        {
            server.WriteKubeconfig(path);
            var configuration = KubeConfiguration.Load(path, "fake");

            Assert.Equal(server.BaseAddress.ToString().TrimEnd('/'), configuration.Host.TrimEnd('/'));
            Assert.ThrowsAny<Exception>(() => KubeConfiguration.Load(path, "no-such-context"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void In_a_pod_the_identity_and_the_lease_namespace_come_from_the_downward_API()
    {
        var variables = new Dictionary<string, string> { ["POD_NAME"] = "operator-7d9f-abcde", ["POD_NAMESPACE"] = "sensor-system" };

        var options = OperatorOptions.FromEnvironment(variables.GetValueOrDefault);

        Assert.Equal(("operator-7d9f-abcde", "sensor-system"), (options.Identity, options.LeaderElectionNamespace));
        Assert.Equal((Environment.MachineName, "default"), (OperatorOptions.FromEnvironment(_ => null).Identity, OperatorOptions.FromEnvironment(_ => null).LeaderElectionNamespace));
        Assert.Equal(TimeSpan.FromMinutes(10), options.ResyncInterval);
    }
}
