using SensorService.Hosting;

namespace SensorService.Ingestion;

/// <summary>
/// One fixed window shared by every client of /api: the limit protects the service's CPU budget,
/// which is the same whoever is sending. Requests over it get 429 with Retry-After.
/// </summary>
public sealed class RateLimitOptions : IValidatedOptions
{
    public static string Section => "Sensor:RateLimit";

    /// <summary>Requests allowed per window across all clients; 0 turns rate limiting off.</summary>
    public int PermitLimit { get; set; } = 50_000;

    /// <summary>Length of the window.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);

    public void Validate(OptionErrors errors)
    {
        errors.Range(nameof(PermitLimit), PermitLimit, 0, 10_000_000);
        errors.Range(nameof(Window), Window, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
    }
}
