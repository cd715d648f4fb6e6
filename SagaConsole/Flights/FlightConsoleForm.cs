using Microsoft.AspNetCore.Http;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Client;
using TemporalSagas.Client.Bounds;
using TemporalSagas.Client.Checks;
using TemporalSagas.Client.Flights;
using TemporalSagas.SagaConsole;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.SagaConsole.Flights;

/// <summary>The body of <c>POST /api/sagas/FlightBooking</c>: <c>flight book</c>'s options as JSON.</summary>
/// <param name="Id">Saga id (the workflow id is <c>flight-booking-{id}</c>); default a new one.</param>
public sealed record FlightBookingRequest(
    string FlightId,
    string UserId,
    decimal TotalFare,
    int Passengers = 1,
    string SeatClass = "economy",
    int LoyaltyPoints = 0,
    string PaymentMethod = "card",
    string? Id = null,
    string? FailAt = null,
    string? TransientAt = null,
    int TransientFailures = 2,
    string? FailCompensationOf = null);

/// <summary>The flight booking saga's test form in the console.</summary>
public sealed class FlightConsoleForm : SagaConsoleForm<FlightBookingRequest, FlightBookingInput>
{
    public override SagaDescriptor Saga => SagaCatalog.All.Single(d => d.WorkflowClass == typeof(FlightBookingWorkflow));

    public override string Title => "Flight booking";

    public override IReadOnlyList<string> FaultSteps => FlightSteps.All;

    public override IReadOnlyList<ConsoleField> Fields =>
    [
        new("flightId", "Flight", "text", "TS104"),
        new("userId", "User", "text", "alice"),
        new("passengers", "Passengers", "number", 1),
        new("seatClass", "Seat class", "select", "economy", FlightBookingInput.SeatClasses),
        new("totalFare", "Total fare", "number", 250),
        new("loyaltyPoints", "Loyalty points to use", "number", 0),
        new("paymentMethod", "Payment method", "text", "card", Hint: "declined-card is declined"),
        new("id", "Saga id (optional)", "text"),
        .. ConsoleFaults.Fields(FlightSteps.All),
    ];

    protected override IReadOnlyList<(string Phrase, string Field)> ProblemFields =>
    [
        ("flight id", "flightId"), ("--flight", "flightId"), ("user id", "userId"), ("--user", "userId"),
        ("passengers", "passengers"), ("seat class", "seatClass"), ("--class", "seatClass"), ("total fare", "totalFare"),
        ("loyalty points", "loyaltyPoints"), ("payment method", "paymentMethod"),
    ];

    protected override FlightBookingInput ToInput(FlightBookingRequest request)
    {
        if (request.Id is not null)
        {
            Bounded("id", () => InputBounds.SagaId("id", request.Id));
        }

        var faults = ConsoleFaults.Read(
            FlightSteps.All, request.FailAt, request.TransientAt, request.TransientFailures, request.FailCompensationOf);
        return new FlightBookingInput(
            request.FlightId, request.UserId, request.Passengers, request.SeatClass, request.TotalFare, request.LoyaltyPoints,
            request.PaymentMethod, faults);
    }

    protected override IReadOnlyList<string> Problems(FlightBookingInput input) => input.Problems();

    protected override Task CheckDataAsync(ConsoleStart start, FlightBookingInput input, CancellationToken cancellationToken) =>
        FlightBookingCheck.EnsureExistsAsync(start.Context, input, cancellationToken, FlightCheckNames.Fields);

    protected override async Task<WorkflowHandle> StartAsync(
        ConsoleStart start, FlightBookingRequest request, FlightBookingInput input, CancellationToken cancellationToken)
    {
        var sagaId = request.Id ?? FlightSagaClient.NewSagaId();
        var workflowId = FlightSagaClient.WorkflowId(sagaId);
        var client = await start.ClientAsync();
        try
        {
            // As `flight book --id`: a repeated request joins the running saga; a finished saga's id is refused.
            return await FlightSagaClient.StartAsync(
                client, input, sagaId, start.TaskQueue, $"console: {FlightSagaClient.Describe(input)}", cancellationToken: cancellationToken);
        }
        catch (Temporalio.Exceptions.WorkflowAlreadyStartedException)
        {
            throw new ConsoleProblem(
                StatusCodes.Status409Conflict, CliErrorTypes.SagaAlreadyRan, $"saga {workflowId} already ran; use another id", "id");
        }
    }

    private static void Bounded(string field, Action check)
    {
        try
        {
            check();
        }
        catch (CliException e)
        {
            throw ConsoleProblem.BadInput(field, e.Message);
        }
    }
}
