using System.Net;

namespace SensorService.Hosting;

/// <summary>Where the service listens and how long it may take to stop.</summary>
public sealed class ServerOptions : IValidatedOptions
{
    public static string Section => "Sensor";

    /// <summary>Port of the API and health endpoints (the container port named <c>http</c>).</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Port that serves only <c>/metrics</c> (the container port named <c>metrics</c>).</summary>
    public int MetricsPort { get; set; } = 9102;

    /// <summary><c>any</c> (every interface, IPv4 and IPv6) or one IP address such as 127.0.0.1.</summary>
    public string BindAddress { get; set; } = "any";

    /// <summary>How long in-flight requests and background work get to finish on SIGTERM.</summary>
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

        var errors = new OptionErrors(Section);
        server.Validate(errors);
        return errors.Failures.Count == 0 ? server : null;
    }

    public void Validate(OptionErrors errors)
    {
        // Port 0 asks the OS for a free port; tests use it for both listeners.
        errors.Range(nameof(HttpPort), HttpPort, 0, 65535);
        errors.Range(nameof(MetricsPort), MetricsPort, 0, 65535);
        if (HttpPort != 0 && HttpPort == MetricsPort)
        {
            errors.Fail(nameof(MetricsPort), MetricsPort, "must differ from Sensor:HttpPort, because /metrics has a port of its own");
        }

        if (!BindsAnyAddress && !IPAddress.TryParse(BindAddress, out _))
        {
            errors.Fail(nameof(BindAddress), BindAddress, "must be 'any' or an IP address");
        }

        errors.Range(nameof(ShutdownTimeout), ShutdownTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
    }
}
