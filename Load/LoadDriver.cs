using System.Diagnostics;

namespace TemporalSagas.Load;

/// <summary>Runs the warm-up sagas, then the measured ones, never more than the concurrency at once.</summary>
public sealed class LoadDriver(ISagaLoadProfile profile, LoadSettings settings, Process? devServer)
{
    public async Task<LoadMeasurement> RunAsync(Action? onSagaDone, CancellationToken cancellationToken)
    {
        await RunBatchAsync(0, settings.Warmup, onSagaDone, cancellationToken);

        using var self = Process.GetCurrentProcess();
        var processBefore = self.TotalProcessorTime;
        var serverBefore = ServerCpu();
        var clock = Stopwatch.StartNew();
        var samples = await RunBatchAsync(settings.Warmup, settings.Count, onSagaDone, cancellationToken);
        clock.Stop();
        self.Refresh();
        var serverAfter = ServerCpu();

        return new LoadMeasurement(
            samples,
            clock.Elapsed,
            self.TotalProcessorTime - processBefore,
            self.PeakWorkingSet64,
            serverBefore is { } before && serverAfter is { } after ? after - before : null,
            MachineLoad.OneMinuteAverage());
    }

    private async Task<SagaSample[]> RunBatchAsync(int first, int count, Action? onSagaDone, CancellationToken cancellationToken)
    {
        var samples = new SagaSample[count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, count), options, async (i, token) =>
        {
            samples[i] = await profile.RunAsync(first + i, token);
            onSagaDone?.Invoke();
        });
        return samples;
    }

    private TimeSpan? ServerCpu()
    {
        if (devServer is null)
        {
            return null;
        }

        try
        {
            devServer.Refresh();
            return devServer.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            return null; // it exited: no honest figure
        }
    }
}
