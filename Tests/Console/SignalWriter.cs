using System.Text;

namespace TemporalSagas.Tests.SagaConsole;

/// <summary>A thread-safe writer that completes <see cref="Seen"/> with the first line containing a marker.</summary>
public sealed class SignalWriter(string marker) : TextWriter
{
    private readonly StringBuilder text = new();
    private readonly TaskCompletionSource<string> seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<string> Seen => seen.Task;

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        lock (text)
        {
            text.Append(value);
            var all = text.ToString();
            var at = all.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0 && all.IndexOf('\n', at) is var end and > 0)
            {
                seen.TrySetResult(all[all.LastIndexOf('\n', at) is var start and >= 0 ? (start + 1)..end : ..end].Trim());
            }
        }
    }

    public override string ToString()
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
