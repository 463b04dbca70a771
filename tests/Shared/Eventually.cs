namespace SensorStack.Testing;

/// <summary>
/// Waits for a condition that another task makes true (an informer, a host, the fake API server's
/// garbage collector), polling briefly, with a generous bound that only matters when it fails.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    public static Task True(Func<bool> condition, string what, TimeSpan? timeout = null) => True(condition, () => what, timeout);

    /// <summary><paramref name="what"/> is asked only on failure, so it can describe the last state seen.</summary>
    public static async Task True(Func<bool> condition, Func<string> what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(what);
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting until {what()}");
            }

            await Task.Delay(Poll, TestContext.Current.CancellationToken);
        }
    }
}
