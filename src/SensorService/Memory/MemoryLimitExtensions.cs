using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SensorService.Cpu;

namespace SensorService.Memory;

public static class MemoryLimitExtensions
{
    public static WebApplicationBuilder AddMemoryLimitWatch(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MemoryLimitOptions>().BindConfiguration(MemoryLimitOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MemoryLimitOptions>, MemoryLimitOptionsValidator>();
        // The cgroup root is the CPU sampler's: one cgroup file system for both.
        builder.Services.TryAddSingleton(services => CgroupMemoryLimit.Detect(
            services.GetRequiredService<IOptions<CpuSpikeOptions>>().Value.CgroupRoot, "/proc/self/cgroup"));
        builder.Services.TryAddSingleton<IGcHeapLimit, RuntimeGcHeapLimit>();
        builder.Services.AddSingleton<MemoryLimitWatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<MemoryLimitWatcher>());
        return builder;
    }
}
