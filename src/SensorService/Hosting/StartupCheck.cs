using Microsoft.Extensions.Options;

namespace SensorService.Hosting;

/// <summary>Validates every options class before the host starts, so all bad settings are reported at once.</summary>
public static class StartupCheck
{
    /// <summary>One message per bad setting (key and value named); empty when the configuration is valid.</summary>
    public static IReadOnlyList<string> FindConfigurationProblems(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (OptionsValidationException e)
        {
            return [.. e.Failures];
        }
        catch (AggregateException e) when (e.InnerExceptions.All(IsConfigurationError))
        {
            return [.. e.InnerExceptions.SelectMany(Messages)];
        }
        catch (InvalidOperationException e) when (IsConfigurationError(e))
        {
            return [.. Messages(e)];
        }
    }

    // The configuration binder reports a value it cannot convert with an InvalidOperationException
    // whose message names the key and the value ("Failed to convert configuration value 'abc' at
    // 'Sensor:RingCapacity' to type 'System.Int32'.").
    private static bool IsConfigurationError(Exception e) =>
        e is OptionsValidationException
        || (e is InvalidOperationException && e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal));

    private static IEnumerable<string> Messages(Exception e) =>
        e is OptionsValidationException validation ? validation.Failures : [e.Message];
}
