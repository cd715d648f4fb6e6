using System.Diagnostics;
using Temporalio.Exceptions;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Load;

/// <summary>
/// What the baseline profiles share: the engine's key shapes (with "baseline" in place of the first run id) and how a
/// baseline saga ends — completed, or a failed step followed by the compensations of the steps done, newest first,
/// each one timed.
/// </summary>
internal static class BaselineSaga
{
    public static string Key(string sagaId, string step) => $"{sagaId}/baseline/{step}";

    public static string CompensationKey(string sagaId, string step) => $"{sagaId}/baseline/compensate/{step}";

    public static SagaSample Completed(LoadSettings settings, Stopwatch clock)
    {
        clock.Stop();
        return new SagaSample(clock.Elapsed, SagaSample.Unexpected(settings.FailAt, SagaStatus.Completed, null, null), []);
    }

    public static async Task<SagaSample> CompensatedAsync(
        LoadSettings settings, Stopwatch clock, Stack<(string Step, Func<Task> Compensate)> undo, string failedStep,
        ApplicationFailureException failure)
    {
        var compensations = new List<StepTiming>();
        while (undo.TryPop(out var compensation))
        {
            var started = Stopwatch.GetTimestamp();
            await compensation.Compensate();
            compensations.Add(new($"COMPENSATE_{compensation.Step}", Stopwatch.GetElapsedTime(started)));
        }

        clock.Stop();
        return new SagaSample(
            clock.Elapsed, SagaSample.Unexpected(settings.FailAt, SagaStatus.Compensated, failedStep, failure.ErrorType), compensations);
    }

    public static SagaSample CallFailed(Stopwatch clock, Exception e) =>
        new(clock.Elapsed, $"baseline call failed: {e.GetType().Name}", []);
}
