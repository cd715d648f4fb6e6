using Microsoft.AspNetCore.Http;
using Temporalio.Client;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Client;
using TemporalSagas.Client.Checks;
using TemporalSagas.Client.Seats;
using TemporalSagas.SagaConsole;
using TemporalSagas.Workflows.Saga;
using TemporalSagas.Workflows.Seats;

namespace TemporalSagas.SagaConsole.Seats;

/// <summary>The body of <c>POST /api/sagas/SeatReservation</c>: <c>seats reserve</c>'s options as JSON.</summary>
/// <param name="Key">Idempotency key (the booking id is <c>seat-reservation-{key}</c>); default a new one.</param>
/// <param name="TtlSeconds">How long the seats are held without a confirm (default 600).</param>
public sealed record SeatReservationRequest(
    string ZoneId,
    int Quantity,
    string? Key = null,
    int? TtlSeconds = null,
    string? FailAt = null,
    string? TransientAt = null,
    int TransientFailures = 2,
    string? FailCompensationOf = null);

/// <summary>
/// The seat reservation saga's test form. The saga holds the seats and waits: the page then offers
/// <see cref="SeatConfirmAction"/> and <see cref="SeatReleaseAction"/>. The reservation's own faults reach only
/// <c>RESERVE_SEATS</c> (and its release); the payment's are the confirm's.
/// </summary>
public sealed class SeatConsoleForm : SagaConsoleForm<SeatReservationRequest, SeatReservationInput>
{
    private static readonly IReadOnlyList<string> Steps = [SeatSteps.ReserveSeats];

    public override SagaDescriptor Saga => SagaCatalog.All.Single(d => d.WorkflowClass == typeof(SeatReservationWorkflow));

    public override string Title => "Seat reservation";

    public override IReadOnlyList<string> FaultSteps => Steps;

    public override IReadOnlyList<ConsoleField> Fields =>
    [
        new("zoneId", "Zone", "text", SeatDemoData.Balcony, [.. SeatDemoData.Zones.Select(z => z.Id)], "`seats zones` lists them"),
        new("quantity", "Seats", "number", 2),
        new("ttlSeconds", "Hold for (seconds)", "number", (int)SeatReservationInput.DefaultTtl.TotalSeconds, Hint: "then the seats go back"),
        new("key", "Key (optional)", "text", Hint: "the same key is the same booking"),
        .. ConsoleFaults.Fields(Steps),
    ];

    protected override IReadOnlyList<(string Phrase, string Field)> ProblemFields =>
        [("key", "key"), ("zone", "zoneId"), ("quantity", "quantity"), ("ttl", "ttlSeconds")];

    protected override SeatReservationInput ToInput(SeatReservationRequest request)
    {
        var faults = ConsoleFaults.Read(Steps, request.FailAt, request.TransientAt, request.TransientFailures, request.FailCompensationOf);
        return new SeatReservationInput(
            request.Key ?? $"console-{Guid.NewGuid():N}"[..20],
            (request.ZoneId ?? string.Empty).ToUpperInvariant(),
            request.Quantity,
            request.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            faults);
    }

    protected override IReadOnlyList<string> Problems(SeatReservationInput input) => input.Problems();

    protected override Task CheckDataAsync(ConsoleStart start, SeatReservationInput input, CancellationToken cancellationToken) =>
        SagaDataCheck.EnsureAsync(
            start.Context,
            (SeatActivities a) => a.CheckSeatReservationAsync(new(input.ZoneId, input.Quantity)),
            problem => problem.StartsWith("zone", StringComparison.Ordinal) ? "zoneId" : "quantity",
            cancellationToken);

    protected override async Task<WorkflowHandle> StartAsync(
        ConsoleStart start, SeatReservationRequest request, SeatReservationInput input, CancellationToken cancellationToken)
    {
        var options = SeatReservationClient.Options(input, start.TaskQueue);
        options.StaticSummary = $"console: {options.StaticSummary}";
        options.Rpc = new() { CancellationToken = cancellationToken };
        var client = await start.ClientAsync();
        try
        {
            // As `seats reserve --key`: a repeated key joins the running booking; a finished one's key is refused.
            return await client.StartWorkflowAsync((SeatReservationWorkflow wf) => wf.RunAsync(input), options);
        }
        catch (Temporalio.Exceptions.WorkflowAlreadyStartedException)
        {
            throw new ConsoleProblem(
                StatusCodes.Status409Conflict, CliErrorTypes.SagaAlreadyRan, $"booking {options.Id} already ran; use another key", "key");
        }
    }
}
