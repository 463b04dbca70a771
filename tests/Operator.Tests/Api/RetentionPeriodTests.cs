using SensorOperator.Api;

namespace SensorOperator.Tests.Api;

public class RetentionPeriodTests
{
    [Theory]
    [InlineData("1d", 1)]
    [InlineData("24h", 1)]
    [InlineData("2w", 14)]
    [InlineData("1y", 365)]
    [InlineData("3", 93)] // a bare number counts months
    public void Parses_VictoriaMetrics_retention(string text, int days)
    {
        Assert.True(RetentionPeriod.TryParse("spec.victoriaMetrics.retention", text, out var period, out var error), error);
        Assert.Equal(TimeSpan.FromDays(days), period);
    }

    [Theory]
    [InlineData("12h", "minimum")]
    [InlineData("0d", "not a retention period")]
    [InlineData("1.5d", "not a retention period")]
    [InlineData("1m", "not a retention period")] // ambiguous (minute or month): VictoriaMetrics' suffixes are h, d, w, y
    [InlineData("1D", "not a retention period")]
    [InlineData("", "not a retention period")]
    [InlineData("d", "not a retention period")]
    public void Rejects_other_forms_naming_the_field(string text, string why)
    {
        Assert.False(RetentionPeriod.TryParse("spec.victoriaMetrics.retention", text, out _, out var error));
        Assert.StartsWith("spec.victoriaMetrics.retention: ", error);
        Assert.Contains(why, error);
    }
}
