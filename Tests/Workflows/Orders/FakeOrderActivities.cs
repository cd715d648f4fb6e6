using System.Collections.Concurrent;
using Temporalio.Activities;
using Temporalio.Exceptions;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Orders;

namespace TemporalSagas.Tests.Workflows.Orders;

/// <summary>Stands in for the order activities under the same activity names; fails or blocks where told to.</summary>
public sealed class FakeOrderActivities(IReadOnlyDictionary<string, string>? failures = null)
{
    private readonly IReadOnlyDictionary<string, string> failures = failures ?? new Dictionary<string, string>();

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Event types appended by <c>RecordTransition</c>, with their payloads.</summary>
    public ConcurrentQueue<RecordTransitionRequest> Transitions { get; } = new();

    /// <summary>SKUs the input check says need a prescription.</summary>
    public List<string> PrescriptionSkus { get; } = [];

    public List<string> InputProblems { get; } = [];

    /// <summary>How long the input check takes (real time; it stops when cancelled).</summary>
    public TimeSpan CheckDelay { get; set; }

    /// <summary>An event type whose <c>RecordTransition</c> takes <see cref="SlowTransitionDelay"/> (real time).</summary>
    public string? SlowTransitionType { get; set; }

    public TimeSpan SlowTransitionDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Completes when the input check, or the slow transition, has started.</summary>
    public TaskCompletionSource CheckStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource SlowTransitionStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Activity("CheckOrder")]
    public async Task<OrderCheck> CheckOrderAsync(OrderCheckRequest request)
    {
        Calls.Enqueue("CHECK_INPUT");
        CheckStarted.TrySetResult();
        if (CheckDelay > TimeSpan.Zero)
        {
            await Task.Delay(CheckDelay, ActivityExecutionContext.Current.CancellationToken);
        }

        return new OrderCheck([.. InputProblems], [.. PrescriptionSkus]);
    }

    [Activity("CreateOrder")]
    public Task<OrderCreated> CreateOrderAsync(CreateOrderRequest request) =>
        Run(OrderSteps.CreateOrder, new OrderCreated(request.OrderId, DateTime.UnixEpoch));

    [Activity("CancelOrder")]
    public Task<string> CancelOrderAsync(OrderUndoRequest request) => Undo(request);

    [Activity("CreatePrescription")]
    public Task<PrescriptionCreated> CreatePrescriptionAsync(CreatePrescriptionRequest request) =>
        Run(OrderSteps.CreatePrescription, new PrescriptionCreated("rx-1", request.OrderId));

    [Activity("CancelPrescription")]
    public Task<string> CancelPrescriptionAsync(OrderUndoRequest request) => Undo(request);

    [Activity("ReserveInventory")]
    public Task<InventoryReserved> ReserveInventoryAsync(ReserveInventoryRequest request) =>
        Run(OrderSteps.ReserveInventory, new InventoryReserved("rsv-1", request.OrderId, request.Items));

    [Activity("ReleaseInventory")]
    public Task<string> ReleaseInventoryAsync(OrderUndoRequest request) => Undo(request);

    [Activity("InitiateShipment")]
    public Task<ShipmentInitiated> InitiateShipmentAsync(InitiateShipmentRequest request) =>
        Run(OrderSteps.InitiateShipment, new ShipmentInitiated("shp-1", "TSABCDEFGHJK", "TEST"));

    [Activity("CancelShipment")]
    public Task<string> CancelShipmentAsync(OrderUndoRequest request) => Undo(request);

    [Activity("RecordTransition")]
    public async Task<bool> RecordTransitionAsync(RecordTransitionRequest request)
    {
        // Like the event store: one event per idempotency key; a redelivery appends nothing.
        if (Transitions.Any(t => t.IdempotencyKey == request.IdempotencyKey))
        {
            return false;
        }

        Transitions.Enqueue(request);
        if (request.EventType == SlowTransitionType)
        {
            SlowTransitionStarted.TrySetResult();
            await Task.Delay(SlowTransitionDelay, CancellationToken.None);
        }

        return true;
    }

    [Activity("StepHappened")]
    public Task<bool> StepHappenedAsync(StepCheckRequest request)
    {
        Calls.Enqueue($"CHECK:{request.StepKey.Split('/')[^1]}");
        return Task.FromResult(true);
    }

    public IEnumerable<string> Compensations => Calls.Where(c => c.StartsWith("COMPENSATE_", StringComparison.Ordinal));

    public IEnumerable<string> TransitionTypes => Transitions.Select(t => t.EventType);

    /// <summary>Steps that fail retryably (a provider outage), each for as many calls as given, then succeed.</summary>
    public Dictionary<string, int> TransientFailures { get; } = [];

    /// <summary>The error type of a transient failure.</summary>
    public const string ProviderDown = "PROVIDER_DOWN";

    private Task<T> Run<T>(string step, T result)
    {
        Calls.Enqueue(step);
        lock (TransientFailures)
        {
            if (TransientFailures.TryGetValue(step, out var left) && left > 0)
            {
                TransientFailures[step] = left - 1;
                throw new ApplicationFailureException($"{step} failed: provider down", ProviderDown);
            }
        }

        return failures.TryGetValue(step, out var errorType)
            ? throw new ApplicationFailureException($"{step} failed: {errorType}", errorType, nonRetryable: true)
            : Task.FromResult(result);
    }

    /// <summary>How long each compensation takes; <see cref="UndoStarted"/> is set when the first begins.</summary>
    public TimeSpan UndoDelay { get; set; }

    public TaskCompletionSource UndoStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Steps whose compensation fails non-retryably (the saga goes to manual review), each for as many calls
    /// as given; every other compensation undoes.</summary>
    public Dictionary<string, int> UndoFailures { get; } = [];

    private async Task<string> Undo(OrderUndoRequest request)
    {
        Calls.Enqueue($"COMPENSATE_{request.Step}");
        UndoStarted.TrySetResult();
        await Task.Delay(UndoDelay, CancellationToken.None);
        lock (UndoFailures)
        {
            if (UndoFailures.TryGetValue(request.Step, out var left) && left > 0)
            {
                UndoFailures[request.Step] = left - 1;
                throw new ApplicationFailureException($"undo of {request.Step} failed", "UNDO_FAILED", nonRetryable: true);
            }
        }

        return CompensationOutcome.Undone;
    }
}
