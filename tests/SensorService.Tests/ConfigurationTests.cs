using SensorService.Hosting;

namespace SensorService.Tests;

public sealed class ConfigurationTests
{
    private static IReadOnlyList<string> ProblemsWith(params string[] args)
    {
        using var app = Program.CreateApp(args);
        return StartupCheck.FindConfigurationProblems(app.Services);
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(ProblemsWith());

    [Fact]
    public void Every_invalid_setting_is_reported_with_its_key_and_value()
    {
        var problems = ProblemsWith(
            "--Sensor:RingCapacity=0",
            "--Sensor:MaxSensors=-5",
            "--Sensor:CpuSpike:Threshold=1.5",
            "--Sensor:RateLimit:Window=00:00:00",
            "--Sensor:BindAddress=not-an-ip");

        Assert.Contains("Sensor:RingCapacity = '0' is invalid: must be between 1 and 100000.", problems);
        Assert.Contains("Sensor:MaxSensors = '-5' is invalid: must be between 1 and 1000000.", problems);
        Assert.Contains("Sensor:CpuSpike:Threshold = '1.5' is invalid: must be between 0.01 and 1.", problems);
        Assert.Contains(problems, p => p.StartsWith("Sensor:RateLimit:Window = '00:00:00' is invalid", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Sensor:BindAddress = 'not-an-ip' is invalid", StringComparison.Ordinal));
    }

    [Fact]
    public void The_metrics_port_must_differ_from_the_api_port()
    {
        var problem = Assert.Single(ProblemsWith("--Sensor:HttpPort=9000", "--Sensor:MetricsPort=9000"));
        Assert.StartsWith("Sensor:MetricsPort = '9000' is invalid", problem);
    }

    [Fact]
    public void A_threshold_that_is_not_a_number_is_reported_with_its_key_and_value()
    {
        var problem = Assert.Single(ProblemsWith("--Sensor:CpuSpike:Threshold=NaN"));
        Assert.Equal("Sensor:CpuSpike:Threshold = 'NaN' is invalid: must be between 0.01 and 1.", problem);
    }

    [Fact]
    public void A_duration_out_of_range_is_reported_with_its_key_value_and_bounds()
    {
        var problem = Assert.Single(ProblemsWith("--Sensor:ShutdownTimeout=00:10:00"));
        Assert.Equal("Sensor:ShutdownTimeout = '00:10:00' is invalid: must be between 00:00:01 and 00:05:00.", problem);
    }

    [Fact]
    public void A_value_that_does_not_convert_is_reported_with_its_key_and_value()
    {
        var problem = Assert.Single(ProblemsWith("--Sensor:MaxBodyBytes=lots"));
        Assert.Contains("'lots'", problem);
        Assert.Contains("Sensor:MaxBodyBytes", problem);
    }
}
