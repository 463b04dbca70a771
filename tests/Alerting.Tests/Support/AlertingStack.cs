using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using k8s.Models;
using SensorOperator.Api;
using SensorOperator.Planning;
using SensorStack.Testing;

namespace SensorStack.AlertingTests.Support;

/// <summary>
/// The real sensor, VictoriaMetrics, vmalert and Alertmanager on loopback, wired as the operator
/// renders them. The rules file and vmalert's flags come from the planner; what is adapted for a
/// bounded test is said where it happens: loopback addresses and 1 s scrape, evaluation and flush
/// intervals (the CRD's minimum interval is 10s), and a CPU limit of half a core from a cgroup
/// directory written by the test, so the sensor's usage ratio means the same as in a pod.
/// </summary>
internal sealed class AlertingStack : IAsyncDisposable
{
    public const string Name = "alerts";
    public const string Namespace = "sensors";
    public const int MaxConcurrentBatches = 4;

    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("alerting-test-");
    private readonly List<LocalProcess> processes = [];

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public int SensorHttpPort { get; } = Loopback.FreePort();
    public int SensorMetricsPort { get; } = Loopback.FreePort();
    public int VmPort { get; } = Loopback.FreePort();
    public int VmAlertPort { get; } = Loopback.FreePort();
    public int AlertmanagerPort { get; } = Loopback.FreePort();

    public LocalProcess Sensor { get; private set; } = null!;

    public string Vm => $"http://127.0.0.1:{VmPort}";
    public string VmAlert => $"http://127.0.0.1:{VmAlertPort}";
    public string Alertmanager => $"http://127.0.0.1:{AlertmanagerPort}";
    public string SensorApi => $"http://127.0.0.1:{SensorHttpPort}";

    /// <summary>The stack as a user would write it, with thresholds and durations a test can reach.</summary>
    public static V1Alpha1SensorStack Spec(int alertmanagerPort) => new()
    {
        Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Namespace },
        Spec = new SensorStackSpec
        {
            MemoryBudget = "300Mi",
            ScrapeInterval = "10s",
            Alerting = new AlertingSpec
            {
                Enabled = true,
                NotifierUrl = $"http://127.0.0.1:{alertmanagerPort.ToString(CultureInfo.InvariantCulture)}",
                CpuPercent = 60,
                For = "2s",
                ScrapeDownFor = "2s",
            },
        },
    };

    public async Task StartAsync()
    {
        var plan = ((FeasiblePlan)StackPlanner.Plan(Spec(AlertmanagerPort), PlannerDefaults.Default)).Plan;
        var rules = plan.Children.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == $"{Name}-rules").Data["rules.yaml"];
        // The group interval is the stack's scrape interval (10s); the test evaluates every second.
        File.WriteAllText(Path("rules.yaml"), rules.Replace("interval: 10s", "interval: 1s", StringComparison.Ordinal));
        var vmalertArgs = plan.Children.OfType<V1Deployment>().Single(d => d.Metadata.Name == $"{Name}-vmalert").Spec.Template.Spec.Containers.Single().Args;

        StartSensor();
        await WaitReadyAsync(Sensor, $"{SensorApi}/readyz");

        // The scrape job as the operator names and labels it, with a static loopback target.
        File.WriteAllText(Path("scrape.yaml"), $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: {Name}-sensor
                static_configs:
                  - targets: [127.0.0.1:{SensorMetricsPort}]
                    labels:
                      namespace: {Namespace}
                      pod: {Name}-sensor-local
                      component: sensor
            """);
        var vm = Start("victoria-metrics", RequiredTool.Find("victoria-metrics"),
        [
            $"-httpListenAddr=127.0.0.1:{VmPort}", $"-storageDataPath={Path("vm-data")}", $"-promscrape.config={Path("scrape.yaml")}",
            "-selfScrapeInterval=1s",
            // Samples become queryable after this; VictoriaMetrics' 30s default suits production, not a bounded test.
            "-search.latencyOffset=1s",
        ]);
        await WaitReadyAsync(vm, $"{Vm}/health");
        await Loopback.EventuallyAsync(async () => (await QueryAsync($"up{{job=\"{Name}-sensor\"}} == 1")).GetArrayLength() == 1,
            TimeSpan.FromSeconds(60), "VictoriaMetrics scrapes the sensor", Logs);

        File.WriteAllText(Path("alertmanager.yml"), """
            route:
              receiver: test
              group_wait: 0s
              group_interval: 1s
            receivers:
              - name: test
            """);
        var alertmanager = StartAlertmanager(
        [
            $"--config.file={Path("alertmanager.yml")}", $"--storage.path={Path("am-data")}",
            $"--web.listen-address=127.0.0.1:{AlertmanagerPort}",
            "--cluster.listen-address=", // no gossip: one instance, no extra port
        ]);
        await WaitReadyAsync(alertmanager, $"{Alertmanager}/-/ready");

        var args = vmalertArgs.Select(a => a.Split('=', 2)[0] switch
        {
            "-httpListenAddr" => $"-httpListenAddr=127.0.0.1:{VmAlertPort}",
            "-rule" => $"-rule={Path("rules.yaml")}",
            "-datasource.url" or "-remoteWrite.url" or "-remoteRead.url" => $"{a.Split('=', 2)[0]}={Vm}",
            "-evaluationInterval" => "-evaluationInterval=1s",
            _ => a,
        }).ToList();
        Assert.Contains($"-notifier.url={Alertmanager}", args);
        // Shortened like the intervals: how soon ALERTS reaches VictoriaMetrics, how far back queries look.
        args.AddRange(["-remoteWrite.flushInterval=1s", "-rule.evalDelay=1s"]);
        var vmalert = Start("vmalert", RequiredTool.Find("vmalert"), args);
        await WaitReadyAsync(vmalert, $"{VmAlert}/health");
    }

    /// <summary>Every alert vmalert holds now, as (name, state).</summary>
    public async Task<List<(string Name, string State)>> VmAlertAlertsAsync()
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync($"{VmAlert}/api/v1/alerts"));
        return [.. doc.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray()
            .Select(a => (a.GetProperty("name").GetString()!, a.GetProperty("state").GetString()!))];
    }

    /// <summary>How many rule evaluations vmalert's groups have done (from its /api/v1/rules).</summary>
    public async Task<bool> EvaluatedAsync()
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync($"{VmAlert}/api/v1/rules"));
        var rules = doc.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
        return rules.Count == 7 && rules.All(r => r.GetProperty("lastEvaluation").GetString() is { } t && !t.StartsWith("0001", StringComparison.Ordinal)
            && string.IsNullOrEmpty(r.TryGetProperty("lastError", out var e) ? e.GetString() : null));
    }

    public async Task<JsonElement> QueryAsync(string query)
    {
        var json = await Http.GetFromJsonAsync<JsonElement>($"{Vm}/api/v1/query?query={Uri.EscapeDataString(query)}");
        return json.GetProperty("data").GetProperty("result").Clone();
    }

    /// <summary>Alerts the Alertmanager has received with this name.</summary>
    public async Task<int> AlertmanagerAlertsAsync(string alertName)
    {
        var json = await Http.GetFromJsonAsync<JsonElement>($"{Alertmanager}/api/v2/alerts?filter={Uri.EscapeDataString($"alertname=\"{alertName}\"")}");
        return json.GetArrayLength();
    }

    public string Logs() => string.Join('\n', processes.Select(p => p.Tail()));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(processes))
        {
            await process.DisposeAsync();
        }

        Http.Dispose();
        work.Delete(recursive: true);
    }

    private void StartSensor()
    {
        // A cgroup v2 directory as a container would see it: half a core of CPU, 1Gi of memory (far
        // above what the sensor uses, so the memory alert stays quiet). The usage comes from the
        // process's own CPU time, since this cgroup's cgroup.procs does not list it.
        var cgroup = Directory.CreateDirectory(Path("cgroup")).FullName;
        File.WriteAllText(System.IO.Path.Combine(cgroup, "cgroup.controllers"), "cpu memory\n");
        File.WriteAllText(System.IO.Path.Combine(cgroup, "cpu.max"), "50000 100000\n");
        File.WriteAllText(System.IO.Path.Combine(cgroup, "memory.max"), "1073741824\n");
        Sensor = Start("sensor", "dotnet",
        [
            System.IO.Path.Combine(AppContext.BaseDirectory, "sensor-service.dll"),
            $"--Sensor:HttpPort={SensorHttpPort}", $"--Sensor:MetricsPort={SensorMetricsPort}", "--Sensor:BindAddress=127.0.0.1",
            $"--Sensor:CpuSpike:CgroupRoot={cgroup}", $"--Sensor:MaxConcurrentBatches={MaxConcurrentBatches}",
            "--Sensor:RateLimit:PermitLimit=0",
        ]);
    }

    /// <summary>
    /// Debian's Alertmanager reads its default notification templates from the fixed path
    /// /usr/share/prometheus/alertmanager, which the package unpacked into .tools does not own on
    /// this machine. It runs in a private mount namespace (unshare, as the budget report runs its
    /// components) where the package's own template directory is bind-mounted there; nothing
    /// outside that process sees the mount.
    /// </summary>
    private LocalProcess StartAlertmanager(IEnumerable<string> args)
    {
        var binary = RequiredTool.Find("alertmanager");
        var templates = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(ResolveLink(binary))!, "..", "share", "prometheus", "alertmanager");
        Assert.True(File.Exists(System.IO.Path.Combine(templates, "default.tmpl")), $"no default.tmpl beside {binary} (run hack/tools.sh)");
        var unshare = RequiredTool.Find("unshare");
        var shared = Directory.CreateDirectory(Path("usr-share-prometheus")).FullName;
        Directory.CreateSymbolicLink(System.IO.Path.Combine(shared, "alertmanager"), System.IO.Path.GetFullPath(templates));
        var target = Directory.Exists("/usr/share/prometheus") ? "/usr/share/prometheus" : "/usr/share";
        var mount = target == "/usr/share" ? Directory.CreateDirectory(Path("usr-share")).FullName : shared;
        if (target == "/usr/share")
        {
            Directory.CreateSymbolicLink(System.IO.Path.Combine(mount, "prometheus"), shared);
        }

        return Start("alertmanager", unshare,
        [
            "--user", "--map-root-user", "--mount", "--propagation", "private", "--",
            "sh", "-c", "mount --bind \"$1\" \"$2\" && shift 2 && exec \"$@\"", "sh", mount, target, binary, .. args,
        ]);
    }

    private static string ResolveLink(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;

    private LocalProcess Start(string name, string file, IEnumerable<string> args)
    {
        var process = LocalProcess.Start(name, file, args, work.FullName);
        processes.Add(process);
        return process;
    }

    private async Task WaitReadyAsync(LocalProcess process, string url) =>
        await Loopback.EventuallyAsync(async () =>
        {
            Assert.False(process.HasExited, $"{process.Name} exited\n{process.Tail()}");
            return (await Http.GetAsync(url)).IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(60), $"{process.Name} ready at {url}", Logs);

    private string Path(string name) => System.IO.Path.Combine(work.FullName, name);
}
