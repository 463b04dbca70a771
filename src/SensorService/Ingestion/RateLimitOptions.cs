using Microsoft.Extensions.Options;
using SensorService.Hosting;

namespace SensorService.Ingestion;

/// <summary>
/// One fixed window shared by every client of /api: the limit protects the service's CPU budget,
/// which is the same whoever is sending. Requests over it get 429 with Retry-After.
/// </summary>
public sealed class RateLimitOptions : ISectionOptions
{
    public const string Section = "Sensor:RateLimit";

    string ISectionOptions.Section => Section;

    /// <summary>Requests allowed per window across all clients; 0 turns rate limiting off.</summary>
    [Between(0, 10_000_000)]
    public int PermitLimit { get; set; } = 50_000;

    /// <summary>Length of the window.</summary>
    [Between("00:00:00.010", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Checks the rules on <see cref="RateLimitOptions"/>'s properties (source-generated).</summary>
[OptionsValidator]
public sealed partial class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>;
