using System.Diagnostics;
using Npgsql;

namespace TemporalSagas.Tests.Support;

/// <summary>
/// The PostgreSQL server the PostgreSQL tests use, one per test run: <see cref="ServerVariable"/> when it names one,
/// otherwise a throw-away server this class starts from Debian's <c>postgresql</c> binaries (a temporary data
/// directory, a free port, run as the <c>postgres</c> user when the tests run as root) and stops at exit.
/// Without either the tests fail and say how to get one; <c>--filter Category!=Postgres</c> leaves them out.
/// </summary>
public static class PostgresServer
{
    public const string ServerVariable = "SAGAS_TEST_POSTGRES";

    public const string HowToGetOne =
        "the PostgreSQL tests need PostgreSQL: install it (apt-get install -y postgresql; the tests start a throw-away server from its binaries), " +
        $"or set {ServerVariable} to a connection string of a server where the user may create databases; dotnet test --filter Category!=Postgres leaves these tests out";

    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    private static readonly string[] SystemFolders = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>A new, empty database on the server: its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var server = await Server.Value;
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } configured)
        {
            return configured;
        }

        var bin = FindBinaries() ?? throw new InvalidOperationException(HowToGetOne);
        var dataDir = Path.Combine(Path.GetTempPath(), $"sagas-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDir);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync(FindProgram("chown"), ["postgres:postgres", dataDir], asPostgres: false);
        }

        var port = FreePort.Next();
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", dataDir, "-A", "trust", "-U", "sagas", "--no-sync", "-E", "UTF8"], asRoot);
        await RunAsync(Path.Combine(bin, "pg_ctl"), [
            "-D", dataDir, "-l", Path.Combine(dataDir, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300",
            "start"], asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(bin, dataDir, asRoot);
        return $"Host=127.0.0.1;Port={port};Username=sagas;Database=postgres;Maximum Pool Size=50";
    }

    private static void Stop(string bin, string dataDir, bool asRoot)
    {
        RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "stop"], asRoot).GetAwaiter().GetResult();
        Directory.Delete(dataDir, recursive: true);
    }

    private static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;

    /// <summary>
    /// A system program by its full path: PATH first, then the system folders, which a root shell started with a
    /// plain PATH may lack (<c>runuser</c> lives in <c>/usr/sbin</c>).
    /// </summary>
    internal static string FindProgram(string name, string? path = null) =>
        (path ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(SystemFolders)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} not found on PATH or in {string.Join(", ", SystemFolders)}; {HowToGetOne}");

    private static async Task RunAsync(string program, string[] args, bool asPostgres)
    {
        var start = asPostgres
            ? new ProcessStartInfo(FindProgram("runuser"), ["-u", "postgres", "--", program, .. args])
            : new ProcessStartInfo(program, args);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
