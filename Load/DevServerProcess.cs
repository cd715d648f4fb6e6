using System.Diagnostics;
using System.Globalization;

namespace TemporalSagas.Load;

/// <summary>
/// The SDK starts the dev server as a child of this process but does not expose it; /proc finds the child
/// <c>temporal</c> whose command line names our port (a test process may run more than one).
/// </summary>
public static class DevServerProcess
{
    public static Process? Find(int port)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var self = Environment.ProcessId;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (ParentOf(File.ReadAllText(Path.Combine(dir, "stat"))) != self)
                {
                    continue;
                }

                var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                var at = Array.IndexOf(args, "--port");
                if (args.Contains("start-dev") && at >= 0 && at + 1 < args.Length &&
                    args[at + 1] == port.ToString(CultureInfo.InvariantCulture))
                {
                    return Process.GetProcessById(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // The process ended while we looked.
            }
        }

        return null;
    }

    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
    private static int ParentOf(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], CultureInfo.InvariantCulture);
    }
}
