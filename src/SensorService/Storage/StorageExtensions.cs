using Microsoft.Extensions.Options;
using SensorService.Hosting;

namespace SensorService.Storage;

public static class StorageExtensions
{
    public static WebApplicationBuilder AddReadingStore(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>();
        builder.Services.AddSingleton<ReadingStore>();
        return builder;
    }
}
