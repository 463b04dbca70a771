using SensorOperator.Api;

namespace SensorOperator.Tests.Api;

public class QuantitiesTests
{
    [Theory]
    [InlineData("300Mi", 300L * 1024 * 1024)]
    [InlineData("1Gi", 1024L * 1024 * 1024)]
    [InlineData("1.5Gi", 1536L * 1024 * 1024)]
    [InlineData("128974848", 128974848L)]
    [InlineData("129e6", 129_000_000L)]
    [InlineData("129E6", 129_000_000L)]
    [InlineData("129M", 129_000_000L)]
    [InlineData("1k", 1000L)]
    [InlineData("1Ki", 1024L)]
    [InlineData(".5Ki", 512L)]
    [InlineData("1.", 1L)]
    [InlineData("+64Mi", 64L * 1024 * 1024)]
    [InlineData("1E", 1_000_000_000_000_000_000L)] // E alone is the exa suffix, not an exponent
    [InlineData("100m", 1L)] // a tenth of a byte rounds up to one, as Kubernetes does for memory
    [InlineData("1.0000001Ki", 1025L)]
    [InlineData("7Ei", 7L * 1024 * 1024 * 1024 * 1024 * 1024 * 1024)]
    public void Parses_what_Kubernetes_accepts(string text, long bytes)
    {
        Assert.True(Quantities.TryParseBytes("spec.memoryBudget", text, out var parsed, out var error), error);
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData(" 300Mi")] // the client library trims; the API server does not
    [InlineData("300Mi ")]
    [InlineData("300 Mi")]
    [InlineData("300MB")]
    [InlineData("300mi")]
    [InlineData("300MiB")]
    [InlineData("Mi")]
    [InlineData("1.2.3")]
    [InlineData("0x100")]
    [InlineData("1e")]
    [InlineData("1Ki2")]
    [InlineData("--1")]
    public void Rejects_malformed_strings_naming_the_field(string? text)
    {
        Assert.False(Quantities.TryParseBytes("spec.sensor.memoryLimit", text, out _, out var error));
        Assert.StartsWith("spec.sensor.memoryLimit: ", error);
    }

    [Theory]
    [InlineData("0", "more than zero")]
    [InlineData("-64Mi", "more than zero")]
    [InlineData("0.0Gi", "more than zero")]
    [InlineData("8Ei", "largest quantity")]
    [InlineData("10E", "largest quantity")]
    [InlineData("1e19", "largest quantity")]
    [InlineData("1e400", "largest quantity")]
    [InlineData("1e99999999999", "largest quantity")]
    public void Rejects_amounts_that_are_not_a_positive_int64_of_bytes(string text, string why)
    {
        Assert.False(Quantities.TryParseBytes("spec.memoryBudget", text, out _, out var error));
        Assert.Contains(why, error);
        Assert.Contains($"\"{text}\"", error);
    }

    [Theory]
    [InlineData(300L * 1024 * 1024, "300Mi")]
    [InlineData(1024L * 1024 * 1024, "1Gi")]
    [InlineData(1536L * 1024 * 1024, "1536Mi")]
    [InlineData(1500L, "1500")]
    [InlineData(1024L, "1Ki")]
    [InlineData(0L, "0")]
    public void Formats_in_canonical_binary_form(long bytes, string expected) =>
        Assert.Equal(expected, Quantities.Format(bytes));

    [Theory]
    [InlineData("1.5Gi")]
    [InlineData("129e6")]
    [InlineData("300Mi")]
    public void Formatting_a_parsed_value_parses_back_to_the_same_bytes(string text)
    {
        Assert.True(Quantities.TryParseBytes("f", text, out var bytes, out _));
        Assert.True(Quantities.TryParseBytes("f", Quantities.Format(bytes), out var again, out _));
        Assert.Equal(bytes, again);
    }
}
