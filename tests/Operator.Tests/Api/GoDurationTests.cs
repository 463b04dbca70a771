using SensorOperator.Api;

namespace SensorOperator.Tests.Api;

public class GoDurationTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("2h45m", 9_900_000)]
    [InlineData("500ms", 500)]
    [InlineData("1h0m0s", 3_600_000)]
    [InlineData(".5s", 500)]
    [InlineData("1000us", 1)]
    [InlineData("1000µs", 1)]
    [InlineData("1000000ns", 1)]
    [InlineData("0", 0)]
    [InlineData("-1m", -60_000)]
    public void Parses_Go_durations(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse("spec.scrapeInterval", text, out var duration, out var error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("30")] // Go requires a unit
    [InlineData("1d")] // days are not a Go unit
    [InlineData("s")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("30 s")]
    [InlineData("1m 30s")]
    [InlineData("30S")]
    [InlineData("1..5s")]
    [InlineData(".s")]
    [InlineData("+")]
    [InlineData("99999999999999999999h")]
    public void Rejects_what_Go_rejects_naming_the_field(string? text)
    {
        Assert.False(GoDuration.TryParse("spec.scrapeInterval", text, out _, out var error));
        Assert.StartsWith("spec.scrapeInterval: ", error);
    }

    [Theory]
    [InlineData(30_000, "30s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(3_600_000, "1h")]
    [InlineData(93_784_005, "26h3m4s5ms")]
    [InlineData(500, "500ms")]
    [InlineData(0, "0s")]
    public void Formats_compactly(long milliseconds, string expected) =>
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Theory]
    [InlineData("1.5h")]
    [InlineData("90s")]
    [InlineData("2h45m30s")]
    public void Formatted_durations_parse_back_unchanged(string text)
    {
        Assert.True(GoDuration.TryParse("f", text, out var duration, out _));
        Assert.True(GoDuration.TryParse("f", GoDuration.Format(duration), out var again, out _));
        Assert.Equal(duration, again);
    }
}
