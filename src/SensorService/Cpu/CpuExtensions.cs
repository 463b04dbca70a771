using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SensorService.Hosting;

namespace SensorService.Cpu;

public static class CpuExtensions
{
    public static WebApplicationBuilder AddCpuSpikeDetection(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CpuSpikeOptions>().BindConfiguration(CpuSpikeOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CpuSpikeOptions>, CpuSpikeOptionsValidator>();
        builder.Services.TryAddSingleton<ICpuUsageSource>(services =>
            CgroupCpuSource.ForCurrentProcess(services.GetRequiredService<IOptions<CpuSpikeOptions>>().Value.CgroupRoot));
        builder.Services.AddSingleton<CpuSampler>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CpuSampler>());
        return builder;
    }
}
