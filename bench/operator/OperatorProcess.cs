using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SensorStack.Bench.Operator;

/// <summary>
/// <c>sensor-operator run</c> as its own process, so its memory is measured apart from the fake
/// API server: resident set now (VmRSS) and its peak (VmHWM) from /proc, where that memory is
/// (smaps_rollup, the GC heap from its /metrics), and whether its /readyz answers. The operator
/// tests run the JIT and NativeAOT builds through it too (this file, OperatorVariant.cs and
/// MemorySample.cs are linked into tests/Operator.Tests).
/// </summary>
internal sealed class OperatorProcess : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Process process;
    private readonly Uri endpoint;

    private OperatorProcess(Process process, Uri endpoint)
    {
        this.process = process;
        this.endpoint = endpoint;
    }

    /// <param name="binary">The JIT build's <c>sensor-operator.dll</c> (run with <c>dotnet</c>) or a native executable (the NativeAOT publish).</param>
    public static OperatorProcess Start(string binary, string kubeconfig, TimeSpan observeInterval) =>
        Start(new OperatorVariant(Path.GetFileName(binary), binary, new Dictionary<string, string>()), kubeconfig, observeInterval);

    public static OperatorProcess Start(OperatorVariant variant, string kubeconfig, TimeSpan observeInterval)
    {
        // A JIT build runs through the dotnet host, a NativeAOT build is the executable itself.
        var info = new ProcessStartInfo(variant.IsJit ? "dotnet" : variant.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (variant.IsJit)
        {
            info.ArgumentList.Add(variant.Path);
        }

        var port = FreePort();
        foreach (var arg in new[]
        {
            "run", "--kubeconfig", kubeconfig, "--leader-elect", "false",
            "--http-port", port.ToString(CultureInfo.InvariantCulture),
            "--observe-interval", $"{(int)observeInterval.TotalSeconds}s", "--qps", "1000", "--burst", "2000",
            "--max-concurrent-reconciles", "4", "--log-level", "warn",
        })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in variant.Environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {variant.Label}");
        // Drain the output so a chatty log never blocks the operator on a full pipe.
        process.OutputDataReceived += (_, e) => Forward(variant.Label, e.Data);
        process.ErrorDataReceived += (_, e) => Forward(variant.Label, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new OperatorProcess(process, new Uri($"http://127.0.0.1:{port}/"));
    }

    public bool HasExited => process.HasExited;

    public long RssBytes => Status("VmRSS:");

    public long PeakRssBytes => Status("VmHWM:");

    /// <summary>True once /readyz answers 200 (the operator's caches have synced).</summary>
    public async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(endpoint, "readyz"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
        catch (TaskCanceledException)
        {
            return false; // listening but not answering within the timeout: a busy start on a loaded machine
        }
    }

    /// <summary>Where the resident memory is now. The /metrics scrape runs first, so its own garbage is counted as a Prometheus scrape would cause it.</summary>
    public async Task<MemorySample> MemoryAsync()
    {
        string? metrics;
        try
        {
            metrics = await Http.GetStringAsync(new Uri(endpoint, "metrics"));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"   /metrics unreadable: {e.Message}");
            metrics = null;
        }

        return MemorySample.Parse(await File.ReadAllTextAsync($"/proc/{process.Id}/smaps_rollup"), metrics);
    }

    private long Status(string field)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no {field} in /proc/{process.Id}/status");
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    private static int FreePort()
    {
        // Bind port 0, read the port the kernel chose, release it for the operator: a tiny race, fine on a bench machine.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void Forward(string label, string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            Console.Error.WriteLine($"[{label}] {line}");
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }
}
