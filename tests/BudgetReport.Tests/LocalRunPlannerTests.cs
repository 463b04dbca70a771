using SensorStack.BudgetReport.Planning;

namespace SensorStack.BudgetReportTests;

public sealed class LocalRunPlannerTests
{
    private static readonly LocalPorts Ports = new(SensorHttp: 21001, SensorMetrics: 21002, VictoriaMetrics: 21003, Prometheus: 21004);
    private static readonly LocalPaths Paths = new("/run/vm-data", "/run/vm-scrape.yml");

    private static LocalRunPlan Plan(string? rendered = null) => LocalRunPlanner.Plan(
        StackSample.Parse(Fixture.Read("sample.yaml")),
        RenderedStack.Parse(rendered ?? Fixture.Read("rendered.yaml")),
        Ports,
        Paths);

    [Fact]
    public void The_sensor_keeps_its_rendered_limit_and_runtime_settings_and_listens_on_loopback_ports()
    {
        var sensor = Plan().Sensor;

        Assert.Equal(51L * 1024 * 1024, sensor.MemoryLimitBytes);
        Assert.Equal(
            [
                new("DOTNET_GCHeapHardLimitPercent", "4B"),
                new("DOTNET_gcServer", "0"),
                new("Sensor__HttpPort", "21001"),
                new("Sensor__MetricsPort", "21002"),
                new("Sensor__BindAddress", "127.0.0.1"),
            ],
            sensor.Environment);
    }

    [Fact]
    public void VictoriaMetrics_flags_pass_as_rendered_except_the_ones_naming_the_pods_network_and_volumes()
    {
        var vm = Plan().VictoriaMetrics;

        Assert.Equal(
            [
                "-httpListenAddr=127.0.0.1:21003",
                "-storageDataPath=/run/vm-data",
                "-retentionPeriod=1d",
                "-memory.allowedPercent=60",
                "-promscrape.config=/run/vm-scrape.yml",
            ],
            vm.Arguments);
        Assert.Equal(102L * 1024 * 1024, vm.MemoryLimitBytes);
    }

    [Fact]
    public void The_scrape_config_is_followed_through_the_volume_mount_and_points_the_sensor_job_at_loopback()
    {
        var scrape = Plan().Scrape;

        Assert.Equal("demo-sensor", scrape.Job);
        Assert.Equal(TimeSpan.FromSeconds(30), scrape.Interval);
        Assert.Contains("127.0.0.1:21002", scrape.VictoriaMetricsYaml, StringComparison.Ordinal);
        Assert.DoesNotContain("kubernetes_sd_configs", scrape.VictoriaMetricsYaml, StringComparison.Ordinal);
        // Rules reading discovery labels have nothing to read; the fixed component label stays.
        Assert.DoesNotContain("__meta_kubernetes", scrape.VictoriaMetricsYaml, StringComparison.Ordinal);
        Assert.Contains("replacement: sensor", scrape.VictoriaMetricsYaml, StringComparison.Ordinal);
        // Grafana is not started, so its in-cluster target is dropped rather than failing every scrape.
        Assert.DoesNotContain("demo-grafana", scrape.VictoriaMetricsYaml, StringComparison.Ordinal);
        Assert.Contains(scrape.Dropped, d => d.Contains("demo-grafana", StringComparison.Ordinal));
    }

    [Fact]
    public void Grafana_is_not_run_but_its_limit_counts_in_the_allocation()
    {
        var plan = Plan();

        Assert.Equal(147L * 1024 * 1024, plan.Grafana?.MemoryLimitBytes);
        Assert.Equal((51L + 102 + 147) * 1024 * 1024, plan.AllocatedBytes);
        Assert.Contains(plan.Settings, s => s is { Component: "Grafana", Name: "env GOMEMLIMIT", Rendered: "117MiB" } && s.Adapted);
    }

    [Fact]
    public void Every_adapted_setting_is_listed_and_unadapted_ones_are_not_marked()
    {
        var settings = Plan().Settings;

        Assert.Contains(settings, s => s is { Name: "-httpListenAddr", Rendered: "-httpListenAddr=:8428", Local: "-httpListenAddr=127.0.0.1:21003" });
        Assert.Contains(settings, s => s is { Name: "-memory.allowedPercent" } && !s.Adapted);
        Assert.Contains(settings, s => s is { Name: "env DOTNET_GCHeapHardLimitPercent" } && !s.Adapted);
    }

    [Fact]
    public void A_sensor_with_two_replicas_is_refused_with_a_clear_message()
    {
        var rendered = Fixture.Read("rendered.yaml").Replace(
            "name: demo-sensor\nspec:\n  replicas: 1", "name: demo-sensor\nspec:\n  replicas: 2", StringComparison.Ordinal);

        var error = Assert.Throws<PlanException>(() => Plan(rendered));

        Assert.Contains("2 replicas", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_VictoriaMetrics_without_a_scrape_config_is_refused()
    {
        var rendered = Fixture.Read("rendered.yaml").Replace(
            "        - -promscrape.config=/etc/victoria-metrics/scrape/scrape.yaml\n", "", StringComparison.Ordinal);

        var error = Assert.Throws<PlanException>(() => Plan(rendered));

        Assert.Contains("-promscrape.config", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_output_without_a_sensor_Deployment_is_refused()
    {
        var error = Assert.Throws<PlanException>(() => RenderedStack.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"));

        Assert.Contains("-sensor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sample_without_a_budget_is_refused()
    {
        var error = Assert.Throws<PlanException>(() => StackSample.Parse("kind: SensorStack\nmetadata:\n  name: demo\nspec: {}\n"));

        Assert.Contains("spec.memoryBudget", error.Message, StringComparison.Ordinal);
    }
}
