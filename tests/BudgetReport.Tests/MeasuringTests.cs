using SensorStack.BudgetReport.Measuring;
using static SensorStack.BudgetReportTests.ReportBuilder;

namespace SensorStack.BudgetReportTests;

public sealed class MeasuringTests
{
    [Fact]
    public void The_stack_peak_is_the_highest_per_second_sum_not_the_sum_of_the_peaks()
    {
        var samples = Samples((0, 30, 10, 5), (1, 10, 30, 5), (2, 20, 20, 5));

        Assert.Equal(40 * MiB, samples.OfSum(["sensor", "victoria-metrics"]).Peak);
        Assert.Equal(30 * MiB, samples.Of("sensor").Peak);
    }

    [Fact]
    public void Medians_skip_seconds_where_the_process_was_not_running()
    {
        var samples = Samples((0, 10, 1, 1), (1, null, 1, 1), (2, 30, 1, 1), (3, 20, 1, 1));

        var sensor = samples.Of("sensor");

        Assert.Equal(3, sensor.Count);
        Assert.Equal(20 * MiB, sensor.Median);
        Assert.Equal(3, samples.OfSum(["sensor", "victoria-metrics"]).Count);
    }

    [Fact]
    public void A_samples_file_with_a_short_line_is_refused_with_its_line_number()
    {
        var error = Assert.Throws<FormatException>(() => MemorySamples.Parse("seconds,sensor,victoria-metrics\n0,1,2\n1,1\n"));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hey_summaries_give_requests_by_status_code_and_transport_errors()
    {
        var result = LoadResult.Parse("ingest", Fixture.Read("hey.txt"));

        Assert.Equal("steady ingest: POST /api/readings", result.Description);
        Assert.Equal(110, result.StatusCodes[202]);
        Assert.Equal(8, result.StatusCodes[429]);
        Assert.Equal(2, result.Errors);
        Assert.Equal(120, result.Requests);
        Assert.Equal(3.9997, result.RequestsPerSecond, 4);
    }

    [Fact]
    public void Generators_with_the_same_description_are_one_row()
    {
        var text = Fixture.Read("hey.txt");

        var combined = Assert.Single(LoadResult.Combine([LoadResult.Parse("burst-1", text), LoadResult.Parse("burst-2", text)]));

        Assert.Equal(240, combined.Requests);
        Assert.Equal(220, combined.StatusCodes[202]);
    }
}
