using SensorService.Hosting;

namespace SensorService.Storage;

public static class StorageExtensions
{
    public static WebApplicationBuilder AddReadingStore(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section).ValidateSelfOnStart();
        builder.Services.AddSingleton<ReadingStore>();
        return builder;
    }
}
