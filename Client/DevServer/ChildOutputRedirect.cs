using System.Runtime.InteropServices;

namespace TemporalSagas.Client.DevServer;

/// <summary>
/// The SDK starts the dev server with this process's stdout/stderr, so its banner and logs would mix with the
/// demo's table (and break --json). While a child starts, fds 1 and 2 point at a log file; the child keeps it.
/// </summary>
internal sealed partial class ChildOutputRedirect : IDisposable
{
    private readonly int savedOut = -1;
    private readonly int savedErr = -1;

    public ChildOutputRedirect(string logFile)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        Console.Out.Flush();
        Console.Error.Flush();
        using var log = File.Open(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        var fd = (int)log.SafeFileHandle.DangerousGetHandle();
        savedOut = Dup(1);
        savedErr = Dup(2);
        Dup2(fd, 1);
        Dup2(fd, 2);
    }

    public void Dispose()
    {
        if (savedOut < 0)
        {
            return;
        }

        Dup2(savedOut, 1);
        Dup2(savedErr, 2);
        Close(savedOut);
        Close(savedErr);
    }

    [LibraryImport("libc", EntryPoint = "dup")]
    private static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "dup2")]
    private static partial int Dup2(int fd, int fd2);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
