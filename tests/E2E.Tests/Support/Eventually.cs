namespace SensorStack.E2ETests.Support;

/// <summary>Polls a real cluster until a condition holds, failing with the last observed state.</summary>
public static class Eventually
{
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Calls <paramref name="check"/> until it returns Done, or fails after <paramref name="timeout"/>
    /// with <paramref name="what"/> and the last state it described.
    /// </summary>
    public static async Task<T> UntilAsync<T>(string what, TimeSpan timeout, Func<CancellationToken, Task<(bool Done, T Value, string State)>> check)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var deadline = DateTime.UtcNow + timeout;
        var last = "not checked yet";
        while (true)
        {
            var (done, value, state) = await check(cancellationToken);
            if (done)
            {
                return value;
            }

            last = state;
            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"{what}: not reached within {timeout.TotalSeconds:0}s; last state: {last}");
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }
}
