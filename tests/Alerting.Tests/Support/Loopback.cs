using System.Net;
using System.Net.Sockets;

namespace SensorStack.AlertingTests.Support;

internal static class Loopback
{
    /// <summary>A port the kernel just handed out on 127.0.0.1; free unless another process races for it.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Polls <paramref name="condition"/> every 250 ms until it holds or <paramref name="timeout"/>
    /// passes; then fails with <paramref name="what"/> and whatever <paramref name="context"/> says.
    /// Transport errors count as "not yet": a component may still be starting.
    /// </summary>
    public static async Task<TimeSpan> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string> context)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return TimeProvider.System.GetElapsedTime(started);
                }
            }
            catch (HttpRequestException)
            {
                // not up yet; polled again below
            }

            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                Assert.Fail($"{what}: not within {timeout.TotalSeconds:0}s\n{context()}");
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }
}
