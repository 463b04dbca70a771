using Microsoft.Extensions.Options;
using SensorService.Hosting;

namespace SensorService.Stats;

public static class StatsExtensions
{
    public static WebApplicationBuilder AddStatsAggregation(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StatsOptions>().BindConfiguration(StatsOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StatsOptions>, StatsOptionsValidator>();
        builder.Services.AddSingleton<StatsAggregator>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StatsAggregator>());
        return builder;
    }
}
