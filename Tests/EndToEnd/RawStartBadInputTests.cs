using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Client;
using Temporalio.Converters;
using Temporalio.Exceptions;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.EndToEnd;

/// <summary>
/// Raw starts, as a script or <c>temporal workflow start --input</c> sends them, whose payload does not read as the
/// saga's input: every one ends promptly as INVALID_INPUT naming what could not be read (not a workflow task failing
/// on "failure decoding parameters" forever), Rejected, with no stack trace in the message and no row changed.
/// </summary>
[Collection(DevServerCollection.Name)]
public class RawStartBadInputTests(DevServerFixture fixture)
{
    private static readonly Dictionary<string, RawStart> Cases = new RawStart[]
    {
        new("seat quantity not a number", "SeatReservationWorkflow", Json("""{"key":"k","zoneId":"FLOOR","quantity":"two"}"""), "quantity"),
        new("seat input an array", "SeatReservationWorkflow", Json("[1,2]"), "could not read the input"),
        new("seat ttl malformed", "SeatReservationWorkflow", Json("""{"key":"k","zoneId":"FLOOR","quantity":1,"ttl":"banana"}"""), "ttl"),
        new("flight passengers a string", "FlightBookingWorkflow", Json("""{"flightId":"TS100","userId":"alice","passengers":"x","seatClass":"economy","totalFare":1}"""), "passengers"),
        new("flight fare an object", "FlightBookingWorkflow", Json("""{"flightId":"TS100","userId":"alice","passengers":1,"seatClass":"economy","totalFare":{}}"""), "totalFare"),
        new("flight input binary null", "FlightBookingWorkflow", [new Payload { Metadata = { ["encoding"] = ByteString.CopyFromUtf8("binary/null") } }], "input: null"),
        new("flight input not json", "FlightBookingWorkflow", Json("{not json"), "could not read"),
        new("order items a string", "OrderFulfillmentWorkflow", Json("""{"orderId":"o-raw","items":"AMOX-250","shippingAddress":"x"}"""), "items"),
        new("order deadline malformed", "OrderFulfillmentWorkflow", Json("""{"orderId":"o-raw","items":[],"shippingAddress":"x","deadline":"soon"}"""), "deadline"),
        new("appointment start malformed", "AppointmentCreationWorkflow", Json("""{"appointmentId":"a-raw","customerEmail":"a@b.c","customerName":"A","startUtc":"next tuesday"}"""), "startUtc"),
        new("appointment sync new start malformed", "AppointmentSyncWorkflow", Json("""{"appointmentId":"a-raw","action":"reschedule","newStartUtc":"2027-13-45T99:00Z"}"""), "newStartUtc"),
        new("composite segments an object", "CompositeBookingWorkflow", Json("""{"compositeId":"c-raw","customerEmail":"a@b.c","customerName":"A","segments":{"a":1}}"""), "segments"),
    }
        .Concat(SagaCatalog.All.SelectMany(EveryType))
        .ToDictionary(c => c.Name);

    public static TheoryData<string> Names() => [.. Cases.Keys];

    // Every saga type SagaCatalog finds gets these, so a new saga is covered without editing this file; the cases
    // above name the fields of each known input.
    private static IEnumerable<RawStart> EveryType(SagaDescriptor saga) =>
    [
        new($"{saga.WorkflowType}: input a number", saga.WorkflowType, Json("42"), "could not read the input"),
        new($"{saga.WorkflowType}: input null", saga.WorkflowType, Json("null"), "input: null"),
    ];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Start_PayloadThatDoesNotRead_EndsPromptlyInvalidInputNamingIt(string name)
    {
        var start = Cases[name];
        var before = await DatabaseFingerprint.OfAsync(fixture.Db);
        var saga = SagaCatalog.All.Single(d => d.WorkflowType == start.WorkflowType);
        var handle = await fixture.Client.StartWorkflowAsync(
            start.WorkflowType,
            [.. start.Payloads.Select(p => (object?)new RawValue(p))],
            new WorkflowOptions($"{saga.IdPrefix}raw-{Guid.NewGuid():N}", fixture.TaskQueue));

        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(20)));
        var cause = failed.InnerException.Should().BeOfType<ApplicationFailureException>().Subject;
        cause.ErrorType.Should().Be(SagaErrors.InvalidInput);
        cause.Message.Should().Contain(start.Expected).And.NotContain(" at ").And.NotContain("Temporalio.");
        (await handle.QueryAsync<SagaState>("GetState", [])).Status.Should().Be(SagaStatus.Rejected);
        (await DatabaseFingerprint.OfAsync(fixture.Db)).Should().Be(before, "an input that does not read writes nothing");
    }

    private static Payload[] Json(string json) =>
        [new Payload { Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") }, Data = ByteString.CopyFromUtf8(json) }];

    private sealed record RawStart(string Name, string WorkflowType, Payload[] Payloads, string Expected);
}
