using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace SensorService.Hosting;

/// <summary>Where the service listens and how long it may take to stop.</summary>
public sealed class ServerOptions : ISectionOptions, IValidatableObject
{
    public const string Section = "Sensor";

    string ISectionOptions.Section => Section;

    /// <summary>Port of the API and health endpoints (the container port named <c>http</c>); 0 asks the OS for a free one (tests).</summary>
    [Between(0, 65535)]
    public int HttpPort { get; set; } = 8080;

    /// <summary>Port that serves only <c>/metrics</c> (the container port named <c>metrics</c>).</summary>
    [Between(0, 65535)]
    public int MetricsPort { get; set; } = 9102;

    /// <summary><c>any</c> (every interface, IPv4 and IPv6) or one IP address such as 127.0.0.1.</summary>
    public string BindAddress { get; set; } = "any";

    /// <summary>How long in-flight requests and background work get to finish on SIGTERM.</summary>
    [Between("00:00:01", "00:05:00")]
    public TimeSpan ShutdownTimeout { get; set; } = DefaultShutdownTimeout;

    internal static TimeSpan DefaultShutdownTimeout { get; } = TimeSpan.FromSeconds(10);

    internal bool BindsAnyAddress => string.Equals(BindAddress, "any", StringComparison.OrdinalIgnoreCase);

    /// <summary>The settings from <paramref name="configuration"/>, or null when they do not bind or validate.</summary>
    internal static ServerOptions? TryRead(IConfiguration configuration)
    {
        var server = new ServerOptions();
        try
        {
            configuration.GetSection(Section).Bind(server);
        }
        catch (InvalidOperationException)
        {
            return null; // a value that does not convert; StartupCheck reports it with key and value
        }

        return new ServerOptionsValidator().Validate(Options.DefaultName, server).Succeeded ? server : null;
    }

    /// <summary>The rules that span properties; the generated validator runs them after the per-property ones.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HttpPort != 0 && HttpPort == MetricsPort)
        {
            yield return Invalid(nameof(MetricsPort), MetricsPort, "must differ from Sensor:HttpPort, because /metrics has a port of its own");
        }

        if (!BindsAnyAddress && !IPAddress.TryParse(BindAddress, out _))
        {
            yield return Invalid(nameof(BindAddress), BindAddress, "must be 'any' or an IP address");
        }
    }

    private ValidationResult Invalid(string member, object value, string rule) => new(SettingRuleAttribute.Invalid(this, member, value, rule));
}

/// <summary>Checks <see cref="ServerOptions"/> (source-generated: the attributes, then <see cref="ServerOptions.Validate"/>).</summary>
[OptionsValidator]
public sealed partial class ServerOptionsValidator : IValidateOptions<ServerOptions>;
