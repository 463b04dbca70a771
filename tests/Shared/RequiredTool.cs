namespace SensorStack.Testing;

/// <summary>
/// Finds an external tool a test needs (helm, promtool, victoria-metrics, ...). Missing locally, the
/// test is skipped with the reason; under CI=true a missing tool fails the test instead, because CI
/// must run every tier (hack/test.sh also fails a CI run that skipped anything).
/// </summary>
public static class RequiredTool
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The full path of <paramref name="name"/> on PATH or in the repository's .tools/bin.</summary>
    public static string Find(string name)
    {
        var found = Locate(name);
        if (found is not null)
        {
            return found;
        }

        var reason = $"'{name}' is not installed (run .ci/run's install steps or hack/tools.sh)";
        if (InCi)
        {
            Assert.Fail($"CI=true and {reason}.");
        }

        Assert.Skip(reason);
        return name; // not reached: Assert.Skip throws
    }

    private static string? Locate(string name)
    {
        var directories = new List<string>();
        var repoTools = Path.Combine(RepositoryRoot.Path, ".tools", "bin");
        directories.Add(repoTools);
        directories.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }
}

/// <summary>The repository root: the nearest ancestor of the test binary holding SensorOperator.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SensorOperator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"SensorOperator.sln not found above {AppContext.BaseDirectory}");
    }
}
