using System.Diagnostics;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Client.Flights;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Load.Flights;

/// <summary>Flight bookings under load, through Temporal: client start → result of <see cref="FlightBookingWorkflow"/>.</summary>
/// <param name="eagerStart">The client is the in-process worker's: ask the server to hand the first workflow task
/// back in the start response (<see cref="WorkflowOptions.RequestEagerStart"/>).</param>
public sealed class FlightLoadProfile(ITemporalClient client, string taskQueue, LoadSettings settings, bool eagerStart = false) : ISagaLoadProfile
{
    public const string User = "alice";
    public const decimal Fare = 100m;
    public const int PointsPerSaga = 100;

    // Spread over the seeded flights (not the one with a single seat left) so sagas do not all queue on one row.
    public static readonly IReadOnlyList<string> Flights =
        [.. FlightDemoData.Flights.Select(f => f.Id).Where(id => id != FlightDemoData.LastSeatFlight)];

    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    public string Name => NameOf(settings);

    public static string NameOf(LoadSettings settings) =>
        (settings.FailAt is null ? "flight" : $"flight --fail-at {settings.FailAt}") + (settings.LocalSteps ? " --local-steps" : string.Empty);

    /// <summary>Saga number <paramref name="index"/>: every step runs (points included), failing at FailAt if set.</summary>
    public static FlightBookingInput Input(int index, LoadSettings settings) => new(
        Flights[index % Flights.Count], User, 1, SeatClasses.Economy, Fare, PointsPerSaga, "card",
        settings.FailAt is null ? null : new FaultPlan(FailAt: settings.FailAt), settings.LocalSteps);

    public async Task<SagaSample> RunAsync(int index, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.SagaTimeout);
        var clock = Stopwatch.StartNew();
        try
        {
            var handle = await FlightSagaClient.StartAsync(
                client, Input(index, settings), $"load-{run}-{index}", taskQueue, eagerStart: eagerStart, cancellationToken: timeout.Token);
            var result = await handle.GetResultAsync(rpcOptions: new() { CancellationToken = timeout.Token });
            clock.Stop();
            return new SagaSample(clock.Elapsed, Unexpected(result), CompensationTimes(result.SagaLog));
        }
        catch (WorkflowFailedException e)
        {
            return Failed($"workflow failed: {(e.InnerException as ApplicationFailureException)?.ErrorType ?? e.InnerException?.GetType().Name}");
        }
        catch (RpcException e)
        {
            return Failed($"rpc error: {e.Code}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed($"no result within {settings.SagaTimeout.TotalSeconds:0} s");
        }

        SagaSample Failed(string error) => new(clock.Elapsed, error, []);
    }

    private string? Unexpected(FlightBookingResult result) =>
        SagaSample.Unexpected(settings.FailAt, result.Status, result.FailedStep, result.ErrorType);

    private static List<StepTiming> CompensationTimes(IEnumerable<StepRecord> log) =>
    [
        .. log.Where(s => s.Kind == StepKind.Compensation && s.FinishedUtc is not null)
            .Select(s => new StepTiming(s.Name, s.FinishedUtc!.Value - s.StartedUtc)),
    ];
}
