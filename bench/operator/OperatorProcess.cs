using System.Diagnostics;
using System.Globalization;

namespace SensorStack.Bench.Operator;

/// <summary>
/// <c>sensor-operator run</c> as its own process, so its memory is measured apart from the fake
/// API server: resident set now (VmRSS) and its peak (VmHWM) from /proc. The operator tests run
/// the JIT and NativeAOT builds through it too (the file is linked into tests/Operator.Tests).
/// </summary>
internal sealed class OperatorProcess : IDisposable
{
    private readonly Process process;

    private OperatorProcess(Process process)
    {
        this.process = process;
    }

    /// <param name="binary">The JIT build's <c>sensor-operator.dll</c> (run with <c>dotnet</c>) or a native executable (the NativeAOT publish).</param>
    public static OperatorProcess Start(string binary, string kubeconfig, TimeSpan observeInterval)
    {
        var jit = binary.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var info = new ProcessStartInfo(jit ? "dotnet" : binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (jit)
        {
            info.ArgumentList.Add(binary);
        }

        foreach (var arg in new[]
        {
            "run", "--kubeconfig", kubeconfig, "--leader-elect", "false", "--http-port", "0",
            "--observe-interval", $"{(int)observeInterval.TotalSeconds}s", "--qps", "1000", "--burst", "2000",
            "--max-concurrent-reconciles", "4", "--log-level", "warn",
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the operator");
        // Drain the output so a chatty log never blocks the operator on a full pipe.
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new OperatorProcess(process);
    }

    public bool HasExited => process.HasExited;

    public long RssBytes => Status("VmRSS:");

    public long PeakRssBytes => Status("VmHWM:");

    private long Status(string field)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no {field} in /proc/{process.Id}/status");
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    private static void Forward(string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            Console.Error.WriteLine($"[operator] {line}");
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
