using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace SensorService.Hosting;

/// <summary>Runs <see cref="IValidatedOptions.Validate"/> when the options are first built.</summary>
internal sealed class SelfValidation<T> : IValidateOptions<T>
    where T : class, IValidatedOptions
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var errors = new OptionErrors(T.Section);
        options.Validate(errors);
        return errors.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Failures);
    }
}

public static class ValidatedOptionsExtensions
{
    /// <summary>Validates the options with their own rules when the host starts, not on first use.</summary>
    public static OptionsBuilder<T> ValidateSelfOnStart<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(this OptionsBuilder<T> options)
        where T : class, IValidatedOptions
    {
        options.Services.AddSingleton<IValidateOptions<T>, SelfValidation<T>>();
        return options.ValidateOnStart();
    }
}
