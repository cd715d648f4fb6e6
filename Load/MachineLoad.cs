using System.Globalization;

namespace TemporalSagas.Load;

/// <summary>
/// The machine's 1-minute load average (Linux): on a shared 2-core machine, other work changes every figure,
/// so each report says how busy the machine was.
/// </summary>
public static class MachineLoad
{
    public static double? OneMinuteAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
