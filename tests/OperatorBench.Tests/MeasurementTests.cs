using SensorStack.Bench.Operator;

namespace SensorStack.OperatorBenchTests;

public class MeasurementTests
{
    // As the kernel prints it (trimmed to the fields a rollup always has).
    private const string Rollup = """
        5581a0a4a000-7ffd7a5fe000 ---p 00000000 00:00 0                          [rollup]
        Rss:               44544 kB
        Pss:               43890 kB
        Pss_Anon:          21300 kB
        Pss_File:          22590 kB
        Shared_Clean:        900 kB
        Private_Clean:     22344 kB
        Private_Dirty:     21300 kB
        Anonymous:         21300 kB
        Swap:                  0 kB
        """;

    [Fact]
    public void Memory_splits_resident_pages_into_anonymous_and_file_backed_and_reads_the_gc_heap_from_metrics()
    {
        var sample = MemorySample.Parse(Rollup, """
            # HELP dotnet_total_memory_bytes Total known allocated memory
            # TYPE dotnet_total_memory_bytes gauge
            dotnet_total_memory_bytes 5618416
            process_working_set_bytes 45613056
            """);

        Assert.Equal(44544L * 1024, sample.RssBytes);
        Assert.Equal(21300L * 1024, sample.AnonymousBytes);
        Assert.Equal((44544L - 21300) * 1024, sample.FileBytes);
        Assert.Equal(5618416L, sample.GcHeapBytes);
    }

    [Fact]
    public void Memory_without_the_gc_gauge_reports_no_gc_heap_rather_than_zero()
    {
        Assert.Null(MemorySample.Parse(Rollup, "process_working_set_bytes 1\n").GcHeapBytes);
        Assert.Null(MemorySample.Parse(Rollup, null).GcHeapBytes);
        Assert.Equal("n/a", Report.Mib(null));
    }

    [Fact]
    public void Median_of_an_odd_and_an_even_number_of_starts()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(300), Medians.Of([Ms(900), Ms(300), Ms(100)]));
        Assert.Equal(TimeSpan.FromMilliseconds(250), Medians.Of([Ms(400), Ms(100), Ms(200), Ms(300)]));
    }

    [Fact]
    public void Builds_alternate_their_order_from_round_to_round()
    {
        string[] builds = ["JIT", "AOT"];
        Assert.Equal(["JIT", "AOT"], Interleave.Order(builds, 0));
        Assert.Equal(["AOT", "JIT"], Interleave.Order(builds, 1));
    }

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);
}
