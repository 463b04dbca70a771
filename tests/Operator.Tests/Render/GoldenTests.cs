using SensorOperator.Tests.Api;
using SensorStack.Testing;

namespace SensorOperator.Tests.Render;

/// <summary>
/// `render` of every sample is compared with a reviewed file in Render/Golden, so any change of the
/// objects the operator creates shows up as a diff. After an intended change, regenerate with
/// <c>UPDATE_GOLDEN=1 dotnet test tests/Operator.Tests --filter FullyQualifiedName~GoldenTests</c>
/// and review the diff of Render/Golden before committing.
/// </summary>
public class GoldenTests
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    public static string GoldenDirectory => Path.Combine(RepositoryRoot.Path, "tests", "Operator.Tests", "Render", "Golden");

    [Theory]
    [MemberData(nameof(Samples.Names), MemberType = typeof(Samples))]
    public void Render_of_every_sample_matches_its_golden_file(string sample)
    {
        var result = RenderRunner.Run("-f", Samples.PathOf(sample));
        var relative = Path.GetRelativePath(RepositoryRoot.Path, Samples.PathOf(sample)).Replace('\\', '/');
        var actual = result.ExitCode == 0
            ? result.Output
            : $"exit {result.ExitCode}\n{result.Error.Replace(Samples.PathOf(sample), relative, StringComparison.Ordinal)}";
        var goldenPath = Path.Combine(GoldenDirectory, Path.ChangeExtension(sample, result.ExitCode == 0 ? ".yaml" : ".txt"));

        if (Update)
        {
            File.WriteAllText(goldenPath, actual);
            return;
        }

        Assert.True(File.Exists(goldenPath), $"{goldenPath} is missing; run with UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(goldenPath), actual);
    }

    [Fact]
    public void There_is_no_stale_golden_file_without_a_sample()
    {
        var samples = Directory.GetFiles(Samples.Directory, "*.yaml").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        var goldens = Directory.GetFiles(GoldenDirectory).Select(Path.GetFileNameWithoutExtension);
        Assert.All(goldens, g => Assert.Contains(g, samples));
    }
}
