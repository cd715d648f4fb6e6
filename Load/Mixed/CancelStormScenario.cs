using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Client;
using TemporalSagas.Client.Appointments;
using TemporalSagas.Client.Orders;
using TemporalSagas.Client.Seats;
using TemporalSagas.Load.Dirty;
using TemporalSagas.Load.Flights;
using TemporalSagas.Load.Seats;
using TemporalSagas.Workflows.Appointments;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Orders;
using TemporalSagas.Workflows.Saga;
using TemporalSagas.Workflows.Seats;

namespace TemporalSagas.Load.Mixed;

/// <summary>
/// Issue 17's interruption storm: sagas of every kind — flight booking, seat reservation (a Confirm on its way),
/// order fulfillment (half wait for a pharmacist, approved at a random moment), appointment creation, composite
/// booking and appointment sync (a cancel or a reschedule of an appointment booked just before) — each cancelled at a random moment: before its input check, mid-step, racing its last workflow task,
/// during an update, while it waits. Afterwards every saga has closed, none is left running, no closed saga carries an
/// open <c>SagaStatus</c>, and the invariants of every domain hold (seats, stock, charges and refunds, points,
/// appointments against the calendar): every effect is explained by its saga's outcome. The delays come from a seeded
/// generator (counter <c>seed</c>) so a failing run can be replayed.
/// </summary>
public static class CancelStormScenario
{
    public const int Kinds = 6;

    /// <summary>The longest wait before the cancel: most sagas of this kind finish within it.</summary>
    public static readonly TimeSpan MaxCancelDelay = TimeSpan.FromMilliseconds(2500);

    public static async Task<DirtyReport> RunAsync(IDirtyHost host, int count, int concurrency, CancellationToken ct)
    {
        var run = new DirtyRun("cancel-storm", host);
        var seed = Environment.GetEnvironmentVariable("SAGAS_STORM_SEED") is { } text && int.TryParse(text, out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        run.Set("seed", seed);
        var zone = await run.ZoneAsync("storm", count);
        var baseTime = DateTime.UtcNow.Date.AddDays(30).AddHours(6);
        using var gate = new SemaphoreSlim(Math.Max(1, concurrency));
        var sagas = Enumerable.Range(0, count).Select(async i =>
        {
            // One generator per saga, from the seed: the same seed gives every saga the same delays, whatever the order.
            var random = new Random(HashCode.Combine(seed, i));
            await gate.WaitAsync(ct);
            try
            {
                var (handle, sideTask) = await StartAsync(run, zone, i, baseTime, random);
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next((int)MaxCancelDelay.TotalMilliseconds)), ct);
                await run.RetryWhileServerDownAsync(async () => { await handle.CancelAsync(); return true; }, ct);
                run.Count("cancels_sent");
                run.Count(await OutcomeAsync(handle, ct));
                await sideTask;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                run.Problem($"saga {i}: {e.GetType().Name}: {e.Message}");
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(sagas);

        await run.CountLeftRunningAsync(ct);
        var open = await TemporalSagaCheck.CheckAsync(host.Client, ct, taskQueue: host.TaskQueue);
        run.Set("closed_with_open_status", open.Count);
        foreach (var violation in open)
        {
            run.Problem($"{violation.Subject}: {violation.Detail}");
        }

        return await run.FinishAsync(count, ct);
    }

    private static async Task<(WorkflowHandle Handle, Task Side)> StartAsync(DirtyRun run, string zone, int i, DateTime baseTime, Random random)
    {
        var client = run.Host.Client;
        var tq = run.Host.TaskQueue;
        var key = run.Key("storm", i);
        var side = Task.CompletedTask;
        WorkflowHandle handle;
        switch (i % Kinds)
        {
            case 0:
                run.Count("flights");
                var flight = new FlightBookingInput(
                    FlightLoadProfile.Flights[i % FlightLoadProfile.Flights.Count], FlightLoadProfile.User, 1, SeatClasses.Economy, FlightLoadProfile.Fare,
                    FlightLoadProfile.PointsPerSaga);
                handle = await client.StartWorkflowAsync(
                    (FlightBookingWorkflow wf) => wf.RunAsync(flight),
                    new WorkflowOptions(FlightBookingWorkflow.WorkflowId(key), tq) { TypedSearchAttributes = SagaStart.SearchAttributes(FlightBookingWorkflow.SagaType) });
                break;
            case 1:
                run.Count("seat_reservations");
                var seats = new SeatReservationInput(key, zone, 1);
                handle = await client.StartWorkflowAsync((SeatReservationWorkflow wf) => wf.RunAsync(seats), SeatReservationClient.Options(seats, tq));
                side = ConfirmLaterAsync(run, handle.Id, random.Next(1500));
                break;
            case 2:
                run.Count("orders");
                var prescription = random.Next(2) == 0;
                var order = new OrderFulfillmentInput(
                    key, [new OrderLine(prescription ? "AMOX-250" : OrderDemoData.Vitamins, 1)], "1 Storm Road");
                var started = await OrderSagaClient.StartAsync(client, order, tq);
                handle = started;
                side = prescription ? ApproveLaterAsync(run, started, random.Next(1500)) : Task.CompletedTask;
                break;
            case 3:
                run.Count("appointment_creations");
                var appointment = new AppointmentCreationInput(key, $"{key}@example.com", "Storm", baseTime.AddHours(i));
                handle = await AppointmentSagaClient.StartCreationAsync(client, appointment, tq);
                break;
            case 5:
                run.Count("appointment_syncs");
                var booked = new AppointmentCreationInput(key, $"{key}@example.com", "Storm", baseTime.AddHours(i));
                var created = await (await AppointmentSagaClient.StartCreationAsync(client, booked, tq)).GetResultAsync();
                if (!created.Success)
                {
                    throw new InvalidOperationException($"the appointment to sync was not booked: {created.ErrorType} {created.Error}");
                }

                var reschedule = random.Next(2) == 0;
                var sync = new AppointmentSyncInput(
                    key, reschedule ? SyncActions.Reschedule : SyncActions.Cancel, reschedule ? baseTime.AddDays(200).AddHours(i) : null);
                handle = await AppointmentSagaClient.StartSyncAsync(client, sync, tq);
                break;
            default:
                run.Count("composite_bookings");
                var start = baseTime.AddHours(i);
                var composite = new CompositeBookingInput(
                    key, $"{key}@example.com", "Storm", [new("staff-ada", start, start.AddMinutes(30)), new("staff-cleo", start.AddMinutes(30), start.AddMinutes(60))]);
                handle = await AppointmentSagaClient.StartCompositeAsync(client, composite, tq);
                break;
        }

        return (handle, side);
    }

    // A refused or cancelled confirm is expected here (the storm cancels it); only an unexpected exception is a problem.
    private static async Task ConfirmLaterAsync(DirtyRun run, string bookingId, int delayMs)
    {
        await Task.Delay(delayMs);
        var (booking, error) = await run.ConfirmAsync(bookingId, new SeatConfirmation("card"));
        run.Count(booking is not null ? "confirms_confirmed" : $"confirms_refused_{error?.ToLowerInvariant()}");
    }

    private static async Task ApproveLaterAsync(DirtyRun run, WorkflowHandle<OrderFulfillmentWorkflow, OrderFulfillmentResult> handle, int delayMs)
    {
        await Task.Delay(delayMs);
        try
        {
            await handle.ExecuteUpdateAsync(wf => wf.ApprovePrescriptionAsync(new("storm-pharmacist")));
            run.Count("approvals_taken");
        }
        catch (WorkflowUpdateFailedException e) when (e.InnerException is ApplicationFailureException failure)
        {
            run.Count($"approvals_refused_{failure.ErrorType?.ToLowerInvariant()}");
        }
        catch (RpcException e) when (e.Code is RpcException.StatusCode.NotFound or RpcException.StatusCode.FailedPrecondition)
        {
            run.Count("approvals_after_close");
        }
    }

    // How the saga ended: cancelled (the usual), completed (the cancel came too late) or failed on its own.
    private static async Task<string> OutcomeAsync(WorkflowHandle handle, CancellationToken ct)
    {
        try
        {
            await handle.GetResultAsync<object>(rpcOptions: new() { CancellationToken = ct }).WaitAsync(TimeSpan.FromMinutes(3), ct);
            return "ended_before_the_cancel";
        }
        catch (WorkflowFailedException e) when (e.InnerException is CanceledFailureException)
        {
            return "ended_cancelled";
        }
        catch (WorkflowFailedException e) when (e.InnerException is ApplicationFailureException failure)
        {
            return $"ended_failed_{failure.ErrorType?.ToLowerInvariant()}";
        }
    }
}
