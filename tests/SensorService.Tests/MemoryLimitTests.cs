using System.Net;
using SensorService.Cpu;
using SensorService.Memory;

namespace SensorService.Tests;

/// <summary>The numbers the memory and ingest-queue alerts divide by: the cgroup memory limit and the gate's maximum.</summary>
public sealed class MemoryLimitTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("memory-limit-test-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string Write(string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    [Theory]
    [InlineData("max\n", null)]
    [InlineData("67108864\n", 67108864L)]
    public void Memory_max_is_parsed(string content, long? bytes) => Assert.Equal(bytes, CgroupFiles.ParseMemoryMax(content));

    [Theory]
    [InlineData("9223372036854771712\n", null)] // PAGE_COUNTER_MAX x 4 KiB pages: no limit
    [InlineData("53477376\n", 53477376L)]
    public void Memory_limit_in_bytes_is_parsed(string content, long? bytes) => Assert.Equal(bytes, CgroupFiles.ParseMemoryLimitInBytes(content));

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("64Mi")]
    public void A_malformed_limit_is_an_error(string content) => Assert.Throws<FormatException>(() => CgroupFiles.ParseMemoryMax(content));

    [Fact]
    public void V2_reads_the_limit_of_the_process_cgroup_and_follows_a_resize()
    {
        Write("fs/cgroup.controllers", "cpu memory\n");
        var file = Write("fs/kubepods/pod1/memory.max", "53477376\n");
        var limit = CgroupMemoryLimit.Detect(Path.Combine(root, "fs"), Write("proc-self-cgroup", "0::/kubepods/pod1\n"));

        Assert.Equal(53477376L, limit.Read());
        File.WriteAllText(file, "max\n");
        Assert.Null(limit.Read());
    }

    [Fact]
    public void V1_reads_the_memory_controller_hierarchy()
    {
        Write("fs/memory/memory.limit_in_bytes", "33554432\n");
        var limit = CgroupMemoryLimit.Detect(Path.Combine(root, "fs"), Write("proc-self-cgroup", "5:memory:/\n4:cpu,cpuacct:/\n"));
        Assert.Equal(33554432L, limit.Read());
    }

    [Fact]
    public void No_cgroup_means_no_limit() =>
        Assert.Null(CgroupMemoryLimit.Detect(Path.Combine(root, "none"), Path.Combine(root, "missing")).Read());

    [Fact]
    public async Task The_limit_is_exported_only_while_there_is_one()
    {
        Write("fs/cgroup.controllers", "memory\n");
        var file = Write("fs/memory.max", "53477376\n");
        await using var host = await SensorHost.StartAsync(new Dictionary<string, string>
        {
            ["Sensor:CpuSpike:CgroupRoot"] = Path.Combine(root, "fs"),
            ["Sensor:MaxConcurrentBatches"] = "7",
        });

        var text = await host.Metrics.GetStringAsync("/metrics", Cancel);
        Assert.Contains("sensor_memory_limit_bytes 53477376", text, StringComparison.Ordinal);
        Assert.Contains("sensor_ingest_batches_limit 7", text, StringComparison.Ordinal);
        Assert.Contains("sensor_ingest_batches_in_flight 0", text, StringComparison.Ordinal);

        // The limit is read in the background (every Sensor:MemoryLimit:PollInterval); a check now stands in for the next tick.
        File.WriteAllText(file, "max\n");
        host.Get<MemoryLimitWatcher>().CheckOnce();
        text = await host.Metrics.GetStringAsync("/metrics", Cancel);
        Assert.DoesNotContain("\nsensor_memory_limit_bytes ", text, StringComparison.Ordinal);

        File.WriteAllText(file, "67108864\n");
        host.Get<MemoryLimitWatcher>().CheckOnce();
        text = await host.Metrics.GetStringAsync("/metrics", Cancel);
        Assert.Contains("sensor_memory_limit_bytes 67108864", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await host.Api.GetAsync("/readyz", Cancel)).StatusCode);
    }
}
