using SensorService.Cpu;

namespace SensorService.Tests;

public sealed class CgroupTests : IDisposable
{
    private const int Pid = 4242;
    private static readonly TimeSpan ProcessTime = TimeSpan.FromSeconds(7);
    private readonly string root = Directory.CreateTempSubdirectory("cgroup-test-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Write(string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private CpuReading Detect(string procSelfCgroup, int processors = 4) =>
        CgroupCpuSource.Detect(Path.Combine(root, "fs"), Write("proc-self-cgroup", procSelfCgroup), processors, Pid, () => ProcessTime).Read();

    [Theory]
    [InlineData("max 100000", null)]
    [InlineData("max", null)]
    [InlineData("150000 100000", 1.5)]
    [InlineData("50000 100000\n", 0.5)]
    [InlineData("200000 50000", 4.0)]
    public void Cpu_max_is_parsed(string content, double? cores) => Assert.Equal(cores, CgroupFiles.ParseCpuMax(content));

    [Theory]
    [InlineData("")]
    [InlineData("abc 100000")]
    [InlineData("0 100000")]
    [InlineData("100000 0")]
    [InlineData("1 2 3")]
    public void Malformed_cpu_max_is_an_error(string content) => Assert.Throws<FormatException>(() => CgroupFiles.ParseCpuMax(content));

    [Fact]
    public void Cfs_quota_minus_one_means_unlimited() => Assert.Null(CgroupFiles.ParseCfsQuota("-1\n", "100000\n"));

    [Fact]
    public void Usage_files_are_parsed()
    {
        Assert.Equal(TimeSpan.FromSeconds(1.5), CgroupFiles.ParseCpuStatUsage("usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000\n"));
        Assert.Equal(TimeSpan.FromSeconds(2.5), CgroupFiles.ParseCpuacctUsage("2500000000\n"));
        Assert.Throws<FormatException>(() => CgroupFiles.ParseCpuStatUsage("user_usec 1\n"));
    }

    [Fact]
    public void V2_in_a_container_reads_quota_and_usage_of_the_mount_itself()
    {
        Write("fs/cgroup.controllers", "cpu memory pids\n");
        Write("fs/cpu.max", "150000 100000\n");
        Write("fs/cpu.stat", "usage_usec 1500000\nuser_usec 1000000\n");
        Write("fs/cgroup.procs", $"{Pid}\n");

        Assert.Equal(new CpuReading(TimeSpan.FromSeconds(1.5), 1.5), Detect("0::/\n"));
    }

    [Fact]
    public void V2_without_a_quota_is_limited_by_the_processor_count()
    {
        Write("fs/cgroup.controllers", "cpu\n");
        Write("fs/cpu.max", "max 100000\n");
        Write("fs/cpu.stat", "usage_usec 10\n");
        Write("fs/cgroup.procs", $"{Pid}\n");

        Assert.Equal(4, Detect("0::/\n").LimitCores);
    }

    [Fact]
    public void V2_follows_the_process_path_and_caps_the_quota_at_the_processor_count()
    {
        Write("fs/cgroup.controllers", "cpu\n");
        Write("fs/cpu.max", "max 100000\n");
        Write("fs/kubepods/pod1/c1/cpu.max", "800000 100000\n");
        Write("fs/kubepods/pod1/c1/cpu.stat", "usage_usec 3000000\n");
        Write("fs/kubepods/pod1/c1/cgroup.procs", $"{Pid}\n");

        Assert.Equal(new CpuReading(TimeSpan.FromSeconds(3), 2), Detect("0::/kubepods/pod1/c1\n", processors: 2));
    }

    [Fact]
    public void V2_shared_with_other_processes_uses_the_process_cpu_time()
    {
        Write("fs/cgroup.controllers", "cpu\n");
        Write("fs/cpu.max", "100000 100000\n");
        Write("fs/cpu.stat", "usage_usec 99000000\n");
        Write("fs/cgroup.procs", $"1\n{Pid}\n");

        Assert.Equal(new CpuReading(ProcessTime, 1), Detect("0::/\n"));
    }

    [Fact]
    public void V1_with_separate_controllers_reads_cfs_quota_and_cpuacct()
    {
        Write("fs/cpu/cpu.cfs_quota_us", "50000\n");
        Write("fs/cpu/cpu.cfs_period_us", "100000\n");
        Write("fs/cpuacct/cpuacct.usage", "2500000000\n");
        Write("fs/cpuacct/cgroup.procs", $"{Pid}\n");

        // The host path in /proc/self/cgroup does not exist inside the container: the mount is used.
        Assert.Equal(new CpuReading(TimeSpan.FromSeconds(2.5), 0.5), Detect("4:cpu:/docker/abc\n3:cpuacct:/docker/abc\n0::/\n"));
    }

    [Fact]
    public void V1_with_a_combined_controller_and_no_quota()
    {
        Write("fs/cpu,cpuacct/docker/abc/cpu.cfs_quota_us", "-1\n");
        Write("fs/cpu,cpuacct/docker/abc/cpu.cfs_period_us", "100000\n");
        Write("fs/cpu,cpuacct/docker/abc/cpuacct.usage", "1000000000\n");
        Write("fs/cpu,cpuacct/docker/abc/cgroup.procs", $"{Pid}\n");

        Assert.Equal(new CpuReading(TimeSpan.FromSeconds(1), 4), Detect("5:cpu,cpuacct:/docker/abc\n"));
    }

    [Fact]
    public void Without_any_cgroup_the_processor_count_and_process_time_are_used()
    {
        Directory.CreateDirectory(Path.Combine(root, "fs"));

        Assert.Equal(new CpuReading(ProcessTime, 3), Detect("", processors: 3));
    }

    [Fact]
    public void The_process_path_is_found_for_each_version()
    {
        const string membership = "12:cpu,cpuacct:/a/b\n11:memory:/m\n0::/unified/path\n";

        Assert.Equal("/unified/path", CgroupFiles.FindPath(membership, controller: null));
        Assert.Equal("/a/b", CgroupFiles.FindPath(membership, "cpuacct"));
        Assert.Null(CgroupFiles.FindPath(membership, "cpuset"));
    }
}
