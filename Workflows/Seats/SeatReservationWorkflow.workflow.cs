using Temporalio.Exceptions;
using Temporalio.Workflows;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Workflows.Seats;

/// <summary>
/// Seats in a zone, held for a TTL and then confirmed with a payment or given back. One workflow per idempotency key
/// (<c>seat-reservation-{key}</c>): its id is the booking id. The hold's compensation gives the seats back, so an
/// expired, released or unpaid reservation ends Compensated with the reason as its error type.
/// </summary>
[Workflow]
[SagaWorkflow(SagaType, IdPrefix)]
public class SeatReservationWorkflow : SagaWorkflowBase
{
    public const string SagaType = "SeatReservation";
    public const string IdPrefix = "seat-reservation-";

    // Issue 17: a cancel no longer fails the waiting updates with a bare TaskCanceledException; they wait for the
    // booking's end state, which the cancel path now sets before the workflow closes.
    internal const string CancelSettlesBookingPatch = "seat-cancel-settles-booking";

    // A locked database is retried for about a minute (SeatDatabaseGuard fails an attempt after 3 s); a short write
    // lost with its worker is retried after 15 s rather than the default 30 s.
    private static readonly StepOptions DatabaseStep = StepOptions.Default with
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(15),
        RetryPolicy = new()
        {
            MaximumAttempts = 20,
            InitialInterval = TimeSpan.FromSeconds(1),
            BackoffCoefficient = 2,
            MaximumInterval = TimeSpan.FromSeconds(5),
        },
    };

    private readonly SeatReservationInput input;
    private readonly SagaEngine saga = new(SagaType);

    protected override SagaEngine Saga => saga;
    private SeatBooking booking;
    private SeatConfirmation? confirmation;
    private bool releaseRequested;
    private bool expired;

    [WorkflowInit]
    public SeatReservationWorkflow(SeatReservationInput input)
    {
        // A missing input (null JSON) is rejected by the validation like any other bad input.
        this.input = input ?? new SeatReservationInput(string.Empty, string.Empty, 0);
        booking = new(Workflow.Info.WorkflowId, this.input.Key, this.input.ZoneId, this.input.Quantity, SeatBookingStatus.Reserving);
    }

    public static string WorkflowId(string key) => IdPrefix + key;

    [WorkflowQuery]
    public SeatBooking GetBooking() => booking;

    /// <summary>Returns once the seats are held or refused: how a client learns the outcome of its reserve.</summary>
    [WorkflowUpdate]
    public async Task<SeatBooking> WaitForHoldAsync()
    {
        await Workflow.WaitConditionAsync(() => booking.Status != SeatBookingStatus.Reserving, HandlerToken());
        return booking;
    }

    [WorkflowUpdateValidator(nameof(ConfirmAsync))]
    public void ValidateConfirm(SeatConfirmation payment)
    {
        var problems = payment is null ? ["a payment is required"] : payment.Problems();
        if (problems.Count > 0)
        {
            throw new ApplicationFailureException($"invalid confirm: {string.Join("; ", problems)}", SagaErrors.InvalidInput, nonRetryable: true);
        }

        EnsureHeld("confirm", whileReserving: true);
    }

    /// <summary>Pays and confirms the held seats; a declined or timed-out payment releases them and fails the update.
    /// Sent while the hold is still being taken (a new worker replaying it), it waits for the hold first.</summary>
    [WorkflowUpdate]
    public async Task<SeatBooking> ConfirmAsync(SeatConfirmation payment)
    {
        await Workflow.WaitConditionAsync(() => booking.Status != SeatBookingStatus.Reserving, HandlerToken());
        EnsureHeld("confirm");
        confirmation = payment;
        await Workflow.WaitConditionAsync(() => booking.IsFinal, HandlerToken());
        return booking.Status == SeatBookingStatus.Confirmed
            ? booking
            : throw new ApplicationFailureException(booking.Error ?? "not confirmed", booking.ErrorType, nonRetryable: true);
    }

    [WorkflowUpdateValidator(nameof(ReleaseAsync))]
    public void ValidateRelease() => EnsureHeld("release", whileReserving: true);

    [WorkflowUpdate]
    public async Task<SeatBooking> ReleaseAsync()
    {
        await Workflow.WaitConditionAsync(() => booking.Status != SeatBookingStatus.Reserving, HandlerToken());
        EnsureHeld("release");
        releaseRequested = true;
        await Workflow.WaitConditionAsync(() => booking.IsFinal, HandlerToken());
        return booking;
    }

    [WorkflowRun]
    public async Task<SeatReservationResult> RunAsync(SeatReservationInput input)
    {
        _ = SettlesOnCancel;
        SeatReservationResult result;
        try
        {
            result = await saga.RunAsync(ReserveAsync, state => SeatReservationResult.FromFailure(state, Ended(state)), ValidateAsync);
        }
        catch (ApplicationFailureException e) when (e.ErrorType == SagaErrors.InvalidInput)
        {
            booking = booking with { Status = SeatBookingStatus.Rejected, ErrorType = e.ErrorType, Error = e.Message };
            await Workflow.WaitConditionAsync(() => Workflow.AllHandlersFinished);
            throw;
        }
        catch (Exception e) when (Workflow.CancellationToken.IsCancellationRequested && SettlesOnCancel)
        {
            // Cancelled (compensated by now): the booking says how it ended, and the waiting updates answer with
            // CANCELLED before the workflow closes, instead of a TaskCanceledException and a stale Confirming.
            var error = $"the reservation was cancelled; it ended {saga.State.Status}";
            booking = booking with
            {
                Status = booking.Status == SeatBookingStatus.Reserving && saga.State.StepsCompleted == 0 ? SeatBookingStatus.Rejected : SeatBookingStatus.Released,
                ErrorType = SagaErrors.Cancelled,
                Error = error,
            };
            await Workflow.WaitConditionAsync(() => Workflow.AllHandlersFinished, CancellationToken.None);
            throw e is OperationCanceledException ? e : new OperationCanceledException(error, e);
        }

        // Let the updates waiting for the outcome answer before the workflow closes.
        await Workflow.WaitConditionAsync(() => Workflow.AllHandlersFinished);
        return result;
    }

    private async Task<SeatReservationResult> ReserveAsync(SagaEngine s)
    {
        var bookingId = Workflow.Info.WorkflowId;
        var expires = Workflow.UtcNow + input.EffectiveTtl;
        var held = await s.StepAsync(
            SeatSteps.ReserveSeats,
            step => step.RunAsync(
                (SeatActivities a) => a.ReserveSeatsAsync(new(step.IdempotencyKey, bookingId, input.ZoneId, input.Quantity, expires, input.Faults)),
                $"{input.Quantity} seat(s) in {input.ZoneId}"),
            undo => undo.RunAsync(
                (SeatActivities a) => a.ReleaseSeatsAsync(new(undo.IdempotencyKey, undo.StepKey, bookingId, SeatSteps.ReserveSeats, input.Faults))),
            StepHappenedAsync,
            DatabaseStep);
        booking = booking with { Status = SeatBookingStatus.Held, Amount = held.Amount, ExpiresUtc = expires, ReserveAttempts = held.Attempt };

        using (var ttl = CancellationTokenSource.CreateLinkedTokenSource(s.CancellationToken))
        {
            _ = ExpireAsync(input.EffectiveTtl, ttl.Token);
            await s.WaitForAsync(
                SeatSteps.AwaitDecision,
                () => confirmation is not null || releaseRequested || expired,
                $"confirm or release before {expires:u} (TTL {input.EffectiveTtl})");
            ttl.Cancel();
        }

        if (releaseRequested)
        {
            throw new ApplicationFailureException($"released by its holder before {expires:u}", SeatErrors.ReservationReleased, nonRetryable: true);
        }

        if (confirmation is not { } payment)
        {
            throw new ApplicationFailureException($"not confirmed within its TTL of {input.EffectiveTtl}", SeatErrors.ReservationExpired, nonRetryable: true);
        }

        booking = booking with { Status = SeatBookingStatus.Confirming };
        var receipt = await ChargeAsync(s, bookingId, held.Amount, payment);
        var confirmed = await s.StepAsync(
            SeatSteps.ConfirmReservation,
            step => step.RunAsync(
                (SeatActivities a) => a.ConfirmSeatsAsync(new(step.IdempotencyKey, bookingId, SagaEngine.KeyFor(SeatSteps.ReserveSeats), receipt.PaymentId, payment.Faults)),
                $"confirm with {receipt.PaymentId}"),
            stepOptions: DatabaseStep);
        booking = booking with { Status = SeatBookingStatus.Confirmed, PaymentId = confirmed.PaymentId };
        return SeatReservationResult.Confirmed(s.State, booking);
    }

    // The payment runs once, bounded by the confirm's payment timeout: an unanswered payment is not retried blindly;
    // the engine asks whether it happened, refunds it if so, fences it otherwise, and releases the seats.
    private static async Task<SeatPaymentReceipt> ChargeAsync(SagaEngine s, string bookingId, decimal amount, SeatConfirmation payment)
    {
        var options = StepOptions.Default with
        {
            StartToCloseTimeout = payment.PaymentTimeout,
            RetryPolicy = new() { MaximumAttempts = 1 },
        };
        try
        {
            return await s.StepAsync(
                SeatSteps.ChargePayment,
                step => step.RunAsync(
                    (SeatActivities a) => a.ChargeSeatsAsync(new(step.IdempotencyKey, bookingId, amount, payment.PaymentMethod, payment.Faults)),
                    $"{amount:0.00} by {payment.PaymentMethod}"),
                undo => undo.RunAsync(
                    (SeatActivities a) => a.RefundSeatsAsync(new(undo.IdempotencyKey, undo.StepKey, bookingId, SeatSteps.ChargePayment, payment.Faults))),
                StepHappenedAsync,
                options);
        }
        catch (ActivityFailureException e) when (e.InnerException is TimeoutFailureException)
        {
            throw new ApplicationFailureException(
                $"the payment provider did not answer within {payment.PaymentTimeout.TotalSeconds:0} s", SeatErrors.PaymentTimeout, nonRetryable: true);
        }
    }

    private async Task ExpireAsync(TimeSpan ttl, CancellationToken cancellationToken)
    {
        try
        {
            await Workflow.DelayWithOptionsAsync(new DelayOptions(ttl, $"hold TTL ({ttl})", cancellationToken));
            expired = true;
        }
        catch (OperationCanceledException)
        {
            // Confirmed or released in time.
        }
    }

    private SeatBooking Ended(SagaState state)
    {
        var status = state.ErrorType switch
        {
            SeatErrors.ReservationExpired => SeatBookingStatus.Expired,
            _ when booking.Status == SeatBookingStatus.Reserving => SeatBookingStatus.Rejected,
            _ => SeatBookingStatus.Released,
        };
        booking = booking with { Status = status, ErrorType = state.ErrorType, Error = state.Error };
        return booking;
    }

    // Determined once, at the first workflow task: whether this run settles its booking (and its updates) on a cancel.
    private bool? settles;

    private bool SettlesOnCancel => settles ??= Workflow.Patched(CancelSettlesBookingPatch);

    private CancellationToken HandlerToken() => SettlesOnCancel ? CancellationToken.None : Workflow.CancellationToken;

    /// <summary>Refuses a confirm or release of a booking that is not held. <paramref name="whileReserving"/>: the
    /// validator lets a booking still being taken through ("not yet" is not "not found"); the handler waits for it.</summary>
    private void EnsureHeld(string action, bool whileReserving = false)
    {
        if (whileReserving && booking.Status == SeatBookingStatus.Reserving && confirmation is null && !releaseRequested)
        {
            return;
        }

        if (booking.Status != SeatBookingStatus.Held || confirmation is not null || releaseRequested || expired)
        {
            throw new ApplicationFailureException(
                $"cannot {action} {Workflow.Info.WorkflowId}: the reservation is {Describe()}", SeatErrors.ReservationNotFound, nonRetryable: true);
        }
    }

    private string Describe() => booking.Status switch
    {
        SeatBookingStatus.Held when expired => "expired",
        SeatBookingStatus.Held when releaseRequested => "being released",
        SeatBookingStatus.Held => "already being confirmed",
        SeatBookingStatus.Reserving => "not held yet",
        var status => status.ToString().ToLowerInvariant(),
    };

    private static Task<bool> StepHappenedAsync(StepContext check) =>
        check.RunAsync((StepCheckActivities a) => a.StepHappenedAsync(new(check.StepKey)), "did the step take effect?");

    private async Task<IReadOnlyList<string>> ValidateAsync()
    {
        if (input.Problems() is { Count: > 0 } problems)
        {
            return problems;
        }

        return await SagaValidation.RunAsync(
            (SeatActivities a) => a.CheckSeatReservationAsync(new(input.ZoneId, input.Quantity)),
            "check the zone");
    }
}
