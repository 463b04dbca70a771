namespace ControllerMachinery;

/// <summary>
/// Exponential backoff with optional jitter: base x 2^(attempt-1), capped. Jitter spreads retries of
/// many watchers that failed together (an API server restart) so they do not return in lockstep.
/// </summary>
public sealed class Backoff(TimeSpan initial, TimeSpan max, double jitter = 0, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    /// <summary>The delay before retry number <paramref name="attempt"/> (1 for the first retry).</summary>
    public TimeSpan Delay(int attempt)
    {
        if (attempt < 1)
        {
            return TimeSpan.Zero;
        }

        // 2^62 ticks overflows long; anything past 2^40 x initial is far beyond any sane cap anyway.
        var exponent = Math.Min(attempt - 1, 40);
        var ticks = initial.Ticks * Math.Pow(2, exponent);
        var capped = Math.Min(ticks, max.Ticks);
        if (jitter > 0)
        {
            capped *= 1 + (jitter * _random.NextDouble());
            capped = Math.Min(capped, max.Ticks * (1 + jitter));
        }

        return TimeSpan.FromTicks((long)capped);
    }
}
