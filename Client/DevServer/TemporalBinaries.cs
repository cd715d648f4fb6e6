using System.Diagnostics;

namespace TemporalSagas.Client.DevServer;

/// <summary>
/// Finds the Temporal servers: the <c>temporal</c> CLI (dev server + Web UI) and the time-skipping test server.
/// Order: the environment variable, then PATH, then the copy bundled beside this repository
/// (<c>../shared/tools/temporal/install.sh</c>, for machines without internet access), else null so the SDK
/// downloads the server itself.
/// </summary>
public static class TemporalBinaries
{
    public const string CliVariable = "TEMPORAL_CLI_PATH";
    public const string TestServerVariable = "TEMPORAL_TEST_SERVER_PATH";

    public const string CliNotFoundMessage =
        "cannot start the Temporal dev server: set TEMPORAL_CLI_PATH to a temporal CLI binary " +
        "(see ../shared/tools/temporal/README.md) or install the temporal CLI";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Bundled = new(RunBundledInstaller);

    public static string? CliPath() => Find(CliVariable, "temporal");

    public static string? TestServerPath() => Find(TestServerVariable, "temporal-test-server");

    private static string? Find(string variable, string executable)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } explicitPath)
        {
            return File.Exists(explicitPath)
                ? explicitPath
                : throw new FileNotFoundException($"{variable} points at a missing file: {explicitPath}");
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, executable))
            .FirstOrDefault(File.Exists);
        return onPath ?? Bundled.Value.GetValueOrDefault(variable);
    }

    // install.sh checks the wheels' hashes, unpacks once into a cache and prints `export NAME=path` lines.
    private static IReadOnlyDictionary<string, string> RunBundledInstaller()
    {
        var installer = FindBundledInstaller();
        if (installer is null)
        {
            return new Dictionary<string, string>();
        }

        var start = new ProcessStartInfo("bash", [installer]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{installer} failed (exit {process.ExitCode}): {errors.Trim()}");
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("export ", StringComparison.Ordinal) && line.Contains('=', StringComparison.Ordinal))
            .Select(line => line["export ".Length..].Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);
    }

    private static string? FindBundledInstaller()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "TemporalSagas.sln")))
                {
                    var installer = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "tools", "temporal", "install.sh"));
                    return File.Exists(installer) ? installer : null;
                }
            }
        }

        return null;
    }
}
