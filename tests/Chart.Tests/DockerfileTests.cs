using System.Text.RegularExpressions;
using System.Xml.Linq;
using SensorStack.Testing;

namespace SensorStack.ChartTests;

/// <summary>
/// The two images, checked by reading their Dockerfiles (no Docker engine here): each compiles its
/// program with NativeAOT and ships it on chiseled runtime-deps as a numeric non-root user, and the
/// build stage copies every project the program references, so a new project reference cannot
/// break an image build that only CI with Docker would run.
/// </summary>
public partial class DockerfileTests
{
    public static TheoryData<string, string> Images() => new()
    {
        { "src/Operator/Dockerfile", "src/Operator/Operator.csproj" },
        { "src/SensorService/Dockerfile", "src/SensorService/SensorService.csproj" },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void The_image_is_the_NativeAOT_binary_on_chiseled_runtime_deps_as_a_non_root_user(string dockerfile, string project)
    {
        var lines = Instructions(dockerfile);
        var stages = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0-noble-aot ", stages[0], StringComparison.Ordinal);
        Assert.Equal("FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled", stages[^1]);
        Assert.Contains(lines, l => l.StartsWith($"RUN dotnet publish {project} ", StringComparison.Ordinal));
        Assert.Equal("true", Property(project, "PublishAot"));
        var final = lines.SkipWhile(l => l != stages[^1]).ToList();
        Assert.Contains("USER $APP_UID", final);
        Assert.DoesNotContain(final, l => l.StartsWith("USER ", StringComparison.Ordinal) && l != "USER $APP_UID");
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void The_build_stage_copies_every_project_the_program_references(string dockerfile, string project)
    {
        var copied = Instructions(dockerfile)
            .Select(l => CopyInstruction().Match(l))
            .Where(m => m.Success)
            .SelectMany(m => m.Groups["sources"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);

        foreach (var reference in Closure(project))
        {
            var directory = Path.GetDirectoryName(reference)!.Replace('\\', '/') + "/";
            Assert.True(copied.Contains(reference), $"{dockerfile} does not copy {reference} before its restore");
            Assert.True(copied.Contains(directory), $"{dockerfile} does not copy {directory}");
        }
    }

    /// <summary>The project and every project it references, transitively, relative to the repository root.</summary>
    private static List<string> Closure(string project)
    {
        var seen = new List<string>();
        var pending = new Queue<string>([project]);
        while (pending.TryDequeue(out var next))
        {
            if (seen.Contains(next))
            {
                continue;
            }

            seen.Add(next);
            var folder = Path.GetDirectoryName(Path.Combine(RepositoryRoot.Path, next))!;
            foreach (var include in XDocument.Load(Path.Combine(RepositoryRoot.Path, next)).Descendants("ProjectReference").Select(r => (string?)r.Attribute("Include")))
            {
                pending.Enqueue(Path.GetRelativePath(RepositoryRoot.Path, Path.GetFullPath(Path.Combine(folder, include!))).Replace('\\', '/'));
            }
        }

        return seen;
    }

    private static string? Property(string project, string name) =>
        XDocument.Load(Path.Combine(RepositoryRoot.Path, project)).Descendants(name).Select(e => e.Value).FirstOrDefault();

    /// <summary>The Dockerfile's instructions, continuation lines joined, comments dropped.</summary>
    private static List<string> Instructions(string dockerfile)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, dockerfile));
        var joined = Regex.Replace(text, @"\\\n\s*", " ");
        return [.. joined.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
    }

    [GeneratedRegex(@"^COPY (?!--from)(?<sources>.+) \S+$")]
    private static partial Regex CopyInstruction();
}
