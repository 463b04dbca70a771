namespace SensorService.Hosting;

/// <summary>
/// Options that check their own values. Failures name the configuration key and the offending
/// value, so a bad setting stops the process with a message an operator can act on.
/// </summary>
public interface IValidatedOptions
{
    /// <summary>The configuration section the options are bound from, e.g. <c>Sensor</c>.</summary>
    static abstract string Section { get; }

    void Validate(OptionErrors errors);
}
