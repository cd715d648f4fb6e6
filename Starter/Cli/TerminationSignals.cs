using System.Runtime.InteropServices;
using TemporalSagas.Client;

namespace TemporalSagas.Starter.Cli;

/// <summary>
/// The process's Ctrl+C and SIGTERM: the first cancels the command (the demo then stops its console, worker and dev
/// server in order), a second one, or a stop that takes longer than <see cref="ForceAfter"/>, ends the process at
/// once with 130. System.CommandLine's own handler waits its timeout again on a second Ctrl+C instead of forcing.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    public static readonly TimeSpan ForceAfter = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource cancel = new();
    private readonly TextWriter error;
    private readonly PosixSignalRegistration[] registrations;
    private int received;

    public TerminationSignals(TextWriter error)
    {
        this.error = error;
        registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    public CancellationToken Token => cancel.Token;

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        cancel.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Increment(ref received) > 1)
        {
            Environment.Exit(ExitCodes.Cancelled);
        }

        // Off the signal thread: cancellation callbacks (the demo's shutdown) must not delay a second Ctrl+C.
        ThreadPool.QueueUserWorkItem(_ =>
        {
            cancel.Cancel();
            Thread.Sleep(ForceAfter);
            error.WriteLine($"still stopping after {ForceAfter.TotalSeconds:0} s: forced exit");
            Environment.Exit(ExitCodes.Cancelled);
        });
    }
}
