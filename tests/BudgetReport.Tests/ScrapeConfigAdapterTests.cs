using SensorStack.BudgetReport.Planning;

namespace SensorStack.BudgetReportTests;

public sealed class ScrapeConfigAdapterTests
{
    private const string Rendered = """
        global:
          scrape_interval: 1m
        scrape_configs:
          - job_name: s-sensor
            scrape_interval: 15s
            stream_parse: true
            kubernetes_sd_configs:
              - role: endpoints
        """;

    [Fact]
    public void The_job_interval_wins_over_the_global_one()
    {
        Assert.Equal(TimeSpan.FromSeconds(15), ScrapeConfigAdapter.Adapt(Rendered, "127.0.0.1:1").Interval);
    }

    [Fact]
    public void The_Prometheus_baseline_gets_the_same_job_without_VictoriaMetrics_only_keys()
    {
        var adapted = ScrapeConfigAdapter.Adapt(Rendered, "127.0.0.1:1");

        Assert.Contains("stream_parse", adapted.VictoriaMetricsYaml, StringComparison.Ordinal);
        Assert.DoesNotContain("stream_parse", adapted.PrometheusYaml, StringComparison.Ordinal);
        Assert.Contains("s-sensor", adapted.PrometheusYaml, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", adapted.PrometheusYaml, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_where_no_job_discovers_the_sensor_is_refused()
    {
        var error = Assert.Throws<PlanException>(() => ScrapeConfigAdapter.Adapt(
            "scrape_configs:\n  - job_name: x\n    static_configs:\n      - targets: [a:1]\n", "127.0.0.1:1"));

        Assert.Contains("Kubernetes discovery", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1d")]
    [InlineData("30")]
    public void A_scrape_interval_that_is_not_a_Go_duration_is_refused(string interval)
    {
        var error = Assert.Throws<PlanException>(() => ScrapeConfigAdapter.Adapt(Rendered.Replace("15s", interval, StringComparison.Ordinal), "127.0.0.1:1"));

        Assert.Contains("scrape_interval", error.Message, StringComparison.Ordinal);
    }
}
