using Microsoft.Extensions.Options;
using SensorService.Hosting;

namespace SensorService.Analysis;

public static class AnalysisExtensions
{
    public static WebApplicationBuilder AddAnomalyAnalysis(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnalysisOptions>().BindConfiguration(AnalysisOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AnalysisOptions>, AnalysisOptionsValidator>();
        builder.Services.AddSingleton<AnomalyAnalyzer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AnomalyAnalyzer>());
        return builder;
    }
}
