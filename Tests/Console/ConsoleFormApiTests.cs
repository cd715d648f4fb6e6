using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Seats;
using TemporalSagas.SagaConsole;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.SagaConsole;

/// <summary>The seat and appointment test forms and the seat hold's actions, over the real dev server and worker.</summary>
[Collection(DevServerCollection.Name)]
public class ConsoleFormApiTests(DevServerFixture fixture)
{
    private const string Seats = "SeatReservation";
    private const string Creation = "AppointmentCreation";
    private const string Sync = "AppointmentSync";
    private const string Composite = "CompositeBooking";

    private static readonly string Future = Iso(DateTime.UtcNow.Date.AddDays(400).AddHours(9));
    private static readonly string FutureEnd = Iso(DateTime.UtcNow.Date.AddDays(400).AddHours(9.5));
    private static readonly string Creator = $$"""{"customerEmail":"pat@example.com","customerName":"Pat","startUtc":"{{Future}}"}""";

    /// <summary>Bad input: (name, path, body, the field the 400 must name).</summary>
    public static TheoryData<string, string, string, string> BadInputs => new()
    {
        { "seats: unknown zone", $"/api/sagas/{Seats}", """{"zoneId":"NOWHERE","quantity":1}""", "zoneId" },
        { "seats: zone with a space", $"/api/sagas/{Seats}", """{"zoneId":"BAL CONY","quantity":1}""", "zoneId" },
        { "seats: no zone", $"/api/sagas/{Seats}", """{"quantity":1}""", "zoneId" },
        { "seats: quantity 0", $"/api/sagas/{Seats}", """{"zoneId":"BALCONY","quantity":0}""", "quantity" },
        { "seats: more than the zone holds", $"/api/sagas/{Seats}", """{"zoneId":"VIP","quantity":50}""", "quantity" },
        { "seats: ttl 0", $"/api/sagas/{Seats}", """{"zoneId":"BALCONY","quantity":1,"ttlSeconds":0}""", "ttlSeconds" },
        { "seats: key with a slash", $"/api/sagas/{Seats}", """{"zoneId":"BALCONY","quantity":1,"key":"a/b"}""", "key" },
        { "seats: a payment step at the reservation", $"/api/sagas/{Seats}", """{"zoneId":"BALCONY","quantity":1,"failAt":"CHARGE_PAYMENT"}""", "failAt" },
        { "confirm: empty payment method", "/api/sagas/seat-reservation-nope/confirm", """{"paymentMethod":" "}""", "paymentMethod" },
        { "confirm: payment timeout 0", "/api/sagas/seat-reservation-nope/confirm", """{"paymentTimeoutSeconds":0}""", "paymentTimeoutSeconds" },
        { "confirm: slow payment of 500 s", "/api/sagas/seat-reservation-nope/confirm", """{"slowPaymentSeconds":500}""", "slowPaymentSeconds" },
        { "confirm: the reservation's step", "/api/sagas/seat-reservation-nope/confirm", """{"failCompensationOf":"RESERVE_SEATS"}""", "failCompensationOf" },
        { "confirm: unknown field", "/api/sagas/seat-reservation-nope/confirm", """{"tip":5}""", "tip" },
        { "confirm: a flight's id", "/api/sagas/flight-booking-x/confirm", "{}", "workflowId" },
        { "release: a field", "/api/sagas/seat-reservation-nope/release", """{"now":true}""", "now" },
        { "release: an order's id", "/api/sagas/order-x/release", "{}", "workflowId" },
        { "creation: bad e-mail", $"/api/sagas/{Creation}", Creator.Replace("pat@example.com", "pat"), "customerEmail" },
        { "creation: no name", $"/api/sagas/{Creation}", Creator.Replace("\"Pat\"", "\" \""), "customerName" },
        { "creation: start without a zone", $"/api/sagas/{Creation}", Creator.Replace(Future, "2030-01-01T09:00"), "startUtc" },
        { "creation: start in the past", $"/api/sagas/{Creation}", Creator.Replace(Future, "2020-01-01T09:00Z"), "startUtc" },
        { "creation: length 2 minutes", $"/api/sagas/{Creation}", Creator.Replace("}", ""","lengthMinutes":2}"""), "lengthMinutes" },
        { "creation: unknown staff", $"/api/sagas/{Creation}", Creator.Replace("}", ""","staffId":"staff-nobody"}"""), "staffId" },
        { "creation: event type 0", $"/api/sagas/{Creation}", Creator.Replace("}", ""","eventTypeId":0}"""), "eventTypeId" },
        { "creation: id with a space", $"/api/sagas/{Creation}", Creator.Replace("}", ""","appointmentId":"a b"}"""), "appointmentId" },
        { "creation: unknown step", $"/api/sagas/{Creation}", Creator.Replace("}", ""","transientAt":"BOOK_SEGMENT_1"}"""), "transientAt" },
        { "sync: unknown appointment", $"/api/sagas/{Sync}", """{"appointmentId":"apt-no-such-one","action":"cancel"}""", "appointmentId" },
        { "sync: unknown action", $"/api/sagas/{Sync}", """{"appointmentId":"apt-x","action":"explode"}""", "action" },
        { "sync: reschedule without a new start", $"/api/sagas/{Sync}", """{"appointmentId":"apt-x","action":"reschedule"}""", "newStartUtc" },
        { "sync: new start not a time", $"/api/sagas/{Sync}", """{"appointmentId":"apt-x","action":"reschedule","newStartUtc":"soon"}""", "newStartUtc" },
        { "sync: retry delay 0", $"/api/sagas/{Sync}", """{"appointmentId":"apt-x","action":"cancel","retryDelaySeconds":0}""", "retryDelaySeconds" },
        { "sync: max retries 0", $"/api/sagas/{Sync}", """{"appointmentId":"apt-x","action":"cancel","maxRetries":0}""", "maxRetries" },
        { "sync: a creation step", $"/api/sagas/{Sync}", """{"appointmentId":"apt-x","action":"cancel","failAt":"ASSIGN_STAFF"}""", "failAt" },
        { "composite: one segment", $"/api/sagas/{Composite}", Segments($"staff-ada,{Future},{FutureEnd}"), "segments" },
        { "composite: segment without an end", $"/api/sagas/{Composite}", Segments($"staff-ada,{Future}\nstaff-ben,{Future},{FutureEnd}"), "segments" },
        { "composite: unknown staff", $"/api/sagas/{Composite}", Segments($"staff-ada,{Future},{FutureEnd}\nstaff-nobody,{Future},{FutureEnd}"), "segments" },
        { "composite: a third segment's step", $"/api/sagas/{Composite}", Segments($"staff-ada,{Future},{FutureEnd}\nstaff-ben,{Future},{FutureEnd}", ""","failAt":"BOOK_SEGMENT_3" """), "failAt" },
        { "composite: bad e-mail", $"/api/sagas/{Composite}", Segments($"staff-ada,{Future},{FutureEnd}\nstaff-ben,{Future},{FutureEnd}").Replace("pat@example.com", "@x"), "customerEmail" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Form_BadInput_Is400NamingTheFieldAndStartsNothing(string name, string path, string body, string field)
    {
        var taskQueue = $"console-form-bad-{Guid.NewGuid():N}";
        await using var console = await ConsoleServer.StartAsync(fixture, taskQueue);
        var before = await DatabaseFingerprint.OfAsync(fixture.Db);

        using var response = await console.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"{name}: {text}");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("field").GetString().Should().Be(field, $"{name}: {text}");
        problem.GetProperty("errorType").GetString().Should().Be("INVALID_INPUT");
        (await StartedWorkflows.OnTaskQueueAsync(fixture.Client, taskQueue)).Should().BeEmpty(name);
        (await DatabaseFingerprint.OfAsync(fixture.Db)).Should().Be(before, $"{name} writes nothing");
    }

    /// <summary>Every form's saga type, from the console's own registry: a new form is covered without editing this test.</summary>
    public static TheoryData<string> FormTypes => [.. SagaConsoleForms.All.Select(f => f.Saga.SagaType)];

    /// <summary>(saga type, field) for every field a form's body must carry: its request record's parameters without a default.</summary>
    public static TheoryData<string, string> RequiredFields
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var form in SagaConsoleForms.All)
            {
                foreach (var name in Required(form))
                {
                    data.Add(form.Saga.SagaType, name);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(FormTypes))]
    public async Task Form_OnlyTheRequiredFields_Is202AndTheOptionalOnesTakeTheirDefaults(string sagaType)
    {
        await using var console = await ConsoleServer.StartAsync(fixture);

        var started = await console.StartAsync(sagaType, await MinimalBodyAsync(console, sagaType));

        var saga = await console.WaitForAsync(started.WorkflowId, s => s.GetProperty("finished").GetBoolean() || AwaitsSomeone(s));
        saga.GetProperty("state").GetProperty("sagaType").GetString().Should().Be(sagaType);

        // A saga left waiting (the seat hold) would write to the database while the next test counts its rows.
        if (!saga.GetProperty("finished").GetBoolean())
        {
            await fixture.Client.GetWorkflowHandle(started.WorkflowId).CancelAsync();
            await FinalStatusAsync(console, started.WorkflowId);
        }
    }

    private static bool AwaitsSomeone(JsonElement saga) =>
        saga.GetProperty("state") is { ValueKind: JsonValueKind.Object } state
        && state.GetProperty("steps").EnumerateArray().Any(step =>
            step.GetProperty("name").GetString()!.StartsWith("AWAIT_", StringComparison.Ordinal) && step.GetProperty("status").GetString() == "Running");

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public async Task Form_ARequiredFieldMissing_Is400NamingItAndStartsNothing(string sagaType, string field)
    {
        var taskQueue = $"console-form-missing-{Guid.NewGuid():N}";
        await using var console = await ConsoleServer.StartAsync(fixture, taskQueue);
        var body = await MinimalBodyAsync(console, sagaType, book: false);
        body.Remove(field);

        using var response = await console.Http.PostAsJsonAsync($"/api/sagas/{sagaType}", body);
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("field").GetString().Should().Be(field, text);
        problem.GetProperty("detail").GetString().Should().Contain(field).And.Contain("required");
        (await StartedWorkflows.OnTaskQueueAsync(fixture.Client, taskQueue)).Should().BeEmpty();
    }

    [Fact]
    public async Task Forms_EverySagaTypeHasOne_AndTheSeatHoldOffersConfirmAndRelease()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);

        var forms = await console.Http.GetFromJsonAsync<JsonElement>("/api/forms");
        var actions = await console.Http.GetFromJsonAsync<JsonElement>("/api/actions");

        forms.EnumerateArray().Select(f => f.GetProperty("sagaType").GetString())
            .Should().BeEquivalentTo(SagaCatalog.All.Select(d => d.SagaType));
        actions.EnumerateArray().Select(a => $"{a.GetProperty("sagaType").GetString()}:{a.GetProperty("name").GetString()}:{a.GetProperty("whileStep").GetString()}")
            .Should().Equal($"{Seats}:confirm:{SeatSteps.AwaitDecision}", $"{Seats}:release:{SeatSteps.AwaitDecision}");
    }

    [Fact]
    public async Task Seats_HeldThenConfirmed_EndsCompleted()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var started = await console.StartAsync(Seats, new { zoneId = "balcony", quantity = 2 });
        await WaitForHoldAsync(console, started.WorkflowId);

        using var confirm = await console.Http.PostAsJsonAsync($"/api/sagas/{started.WorkflowId}/confirm", new { paymentMethod = "card" });

        confirm.StatusCode.Should().Be(HttpStatusCode.OK, await confirm.Content.ReadAsStringAsync());
        var outcome = await confirm.Content.ReadFromJsonAsync<JsonElement>();
        outcome.GetProperty("detail").GetProperty("status").GetString().Should().Be("Confirmed");
        outcome.GetProperty("detail").GetProperty("zoneId").GetString().Should().Be(SeatDemoData.Balcony);
        outcome.GetProperty("summary").GetString().Should().StartWith("Confirmed: 2 seat(s) in BALCONY");
        (await FinalStatusAsync(console, started.WorkflowId)).Should().Be(nameof(SagaStatus.Completed));
    }

    [Fact]
    public async Task Seats_Released_EndsCompensated_AndASecondReleaseIsRefused()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var started = await console.StartAsync(Seats, new { zoneId = SeatDemoData.Floor, quantity = 1 });
        await WaitForHoldAsync(console, started.WorkflowId);

        using var release = await console.Http.PostAsJsonAsync($"/api/sagas/{started.WorkflowId}/release", new { });
        release.StatusCode.Should().Be(HttpStatusCode.OK, await release.Content.ReadAsStringAsync());
        (await FinalStatusAsync(console, started.WorkflowId)).Should().Be(nameof(SagaStatus.Compensated));
        using var again = await console.Http.PostAsJsonAsync($"/api/sagas/{started.WorkflowId}/release", new { });

        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorType").GetString().Should().Be(SeatErrors.ReservationNotFound);
    }

    [Fact]
    public async Task Seats_DeclinedPayment_Is409AndTheSagaGivesTheSeatsBack()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var started = await console.StartAsync(Seats, new { zoneId = SeatDemoData.Balcony, quantity = 1 });
        await WaitForHoldAsync(console, started.WorkflowId);

        using var confirm = await console.Http.PostAsJsonAsync(
            $"/api/sagas/{started.WorkflowId}/confirm", new { paymentMethod = SimulatedSeatPayments.DeclinedCard });

        confirm.StatusCode.Should().Be(HttpStatusCode.Conflict, await confirm.Content.ReadAsStringAsync());
        (await confirm.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorType").GetString().Should().Be(SeatErrors.PaymentDeclined);
        (await FinalStatusAsync(console, started.WorkflowId)).Should().Be(nameof(SagaStatus.Compensated));
    }

    [Fact]
    public async Task Seats_ConfirmationFailing_RefundsAndReleasesInReverseOrder()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var started = await console.StartAsync(Seats, new { zoneId = SeatDemoData.Balcony, quantity = 1 });
        await WaitForHoldAsync(console, started.WorkflowId);

        using var confirm = await console.Http.PostAsJsonAsync(
            $"/api/sagas/{started.WorkflowId}/confirm", new { failAt = "confirm-reservation" });

        confirm.StatusCode.Should().Be(HttpStatusCode.Conflict, await confirm.Content.ReadAsStringAsync());
        var saga = await console.WaitForAsync(started.WorkflowId, s => s.GetProperty("finished").GetBoolean());
        var state = saga.GetProperty("state");
        state.GetProperty("status").GetString().Should().Be(nameof(SagaStatus.Compensated));
        state.GetProperty("failedStep").GetString().Should().Be(SeatSteps.ConfirmReservation);
        state.GetProperty("steps").EnumerateArray()
            .Where(s => s.GetProperty("kind").GetString() == "Compensation")
            .Select(s => s.GetProperty("name").GetString())
            .Should().Equal($"COMPENSATE_{SeatSteps.ChargePayment}", $"COMPENSATE_{SeatSteps.ReserveSeats}");
    }

    [Fact]
    public async Task Seats_ConfirmOfNoSuchReservation_Is404NamingTheWorkflowId()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);

        using var confirm = await console.Http.PostAsJsonAsync($"/api/sagas/seat-reservation-no-such-{Guid.NewGuid():N}/confirm", new { });

        confirm.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await confirm.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString().Should().Be("workflowId");
    }

    [Fact]
    public async Task Creation_Valid_EndsCompleted_AndFailingTheLocalRecordCompensates()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var booked = await console.StartAsync(Creation, new { customerEmail = "pat@example.com", customerName = "Pat", startUtc = Iso(FreeSlot()) });
        var failing = await console.StartAsync(Creation, new
        {
            customerEmail = "pat@example.com",
            customerName = "Pat",
            startUtc = Iso(FreeSlot()),
            staffId = AppointmentDemoData.Cleo,
            failAt = AppointmentSteps.CreateLocalAppointment,
        });

        (await FinalStatusAsync(console, booked.WorkflowId)).Should().Be(nameof(SagaStatus.Completed));
        (await FinalStatusAsync(console, failing.WorkflowId)).Should().Be(nameof(SagaStatus.Compensated));
        booked.WorkflowId.Should().StartWith("appointment-create-apt-");
    }

    [Fact]
    public async Task Sync_CancelOfABookedAppointment_EndsCompleted_AndASecondCreationOfItsIdIsRefused()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var id = $"apt-sync-{Guid.NewGuid():N}"[..20];
        var booked = await console.StartAsync(Creation, new { customerEmail = "sam@example.com", customerName = "Sam", startUtc = Iso(FreeSlot()), appointmentId = id });
        (await FinalStatusAsync(console, booked.WorkflowId)).Should().Be(nameof(SagaStatus.Completed));

        var synced = await console.StartAsync(Sync, new { appointmentId = id, action = "cancel", reason = "console test" });
        using var again = await console.Http.PostAsJsonAsync(
            $"/api/sagas/{Creation}", new { customerEmail = "sam@example.com", customerName = "Sam", startUtc = Iso(FreeSlot()), appointmentId = id });

        (await FinalStatusAsync(console, synced.WorkflowId)).Should().Be(nameof(SagaStatus.Completed));
        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString().Should().Be("appointmentId");
    }

    [Fact]
    public async Task Composite_Valid_EndsCompleted_AndASecondSegmentFailingCancelsTheFirst()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var booked = await console.StartAsync(Composite, new { customerEmail = "kim@example.com", customerName = "Kim", segments = TwoSegments(FreeSlot()) });
        var failing = await console.StartAsync(Composite, new
        {
            customerEmail = "kim@example.com",
            customerName = "Kim",
            segments = TwoSegments(FreeSlot()),
            failAt = AppointmentSteps.BookSegment(2),
        });

        (await FinalStatusAsync(console, booked.WorkflowId)).Should().Be(nameof(SagaStatus.Completed));
        var saga = await console.WaitForAsync(failing.WorkflowId, s => s.GetProperty("finished").GetBoolean());
        var state = saga.GetProperty("state");
        state.GetProperty("status").GetString().Should().Be(nameof(SagaStatus.Compensated));
        state.GetProperty("failedStep").GetString().Should().Be(AppointmentSteps.BookSegment(2));
        state.GetProperty("steps").EnumerateArray()
            .Where(s => s.GetProperty("kind").GetString() == "Compensation")
            .Select(s => s.GetProperty("name").GetString())
            .Should().Contain($"COMPENSATE_{AppointmentSteps.BookSegment(1)}");
    }

    // The parameters of the form's request record without a default value, by their JSON names (read by reflection here,
    // not through ConsoleJson.Required, so a mistake there cannot hide a field from this test).
    private static IEnumerable<string> Required(ISagaConsoleForm form)
    {
        var names = ConsoleJson.Properties(form.RequestType);
        return form.RequestType.GetConstructors().MaxBy(c => c.GetParameters().Length)!.GetParameters()
            .Where(p => !p.HasDefaultValue)
            .Select(p => names.Single(n => string.Equals(n, p.Name, StringComparison.OrdinalIgnoreCase)));
    }

    // The required fields only, each with the value the form pre-fills; a field the form leaves empty (the sync's
    // appointment) gets one the creation form books first, or, where the request is refused before any data check
    // (<paramref name="book"/> false), a placeholder.
    private async Task<Dictionary<string, object?>> MinimalBodyAsync(ConsoleServer console, string sagaType, bool book = true)
    {
        var form = SagaConsoleForms.Find(sagaType)!;
        var body = new Dictionary<string, object?>();
        foreach (var name in Required(form))
        {
            body[name] = form.Fields.Single(f => f.Name == name).Default ?? name switch
            {
                "appointmentId" when !book => "apt-placeholder",
                "appointmentId" => await BookedAppointmentAsync(console),
                _ => throw new InvalidOperationException($"{sagaType}: the form has no default for the required field {name}"),
            };
        }

        return body;
    }

    private static async Task<string> BookedAppointmentAsync(ConsoleServer console)
    {
        var id = $"apt-min-{Guid.NewGuid():N}"[..20];
        var booked = await console.StartAsync(Creation, new { customerEmail = "min@example.com", customerName = "Min", startUtc = Iso(FreeSlot()), appointmentId = id });
        (await FinalStatusAsync(console, booked.WorkflowId)).Should().Be(nameof(SagaStatus.Completed));
        return id;
    }

    /// <summary>A slot far ahead, random enough that runs against one calendar do not meet.</summary>
    internal static DateTime FreeSlot() => DateTime.UtcNow.Date.AddDays(500 + Random.Shared.Next(3000)).AddHours(8 + Random.Shared.Next(8));

    internal static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

    internal static string TwoSegments(DateTime start) =>
        $"{AppointmentDemoData.Ada},{Iso(start)},{Iso(start.AddMinutes(30))}\n{AppointmentDemoData.Ben},{Iso(start.AddMinutes(30))},{Iso(start.AddMinutes(60))}";

    internal static async Task WaitForHoldAsync(ConsoleServer console, string workflowId) =>
        await console.WaitForAsync(workflowId, s => s.GetProperty("state") is { ValueKind: JsonValueKind.Object } state
            && state.GetProperty("steps").EnumerateArray().Any(step =>
                step.GetProperty("name").GetString() == SeatSteps.AwaitDecision && step.GetProperty("status").GetString() == "Running"));

    private static async Task<string?> FinalStatusAsync(ConsoleServer console, string workflowId) =>
        (await console.WaitForAsync(workflowId, s => s.GetProperty("finished").GetBoolean()))
            .GetProperty("state").GetProperty("status").GetString();

    private static string Segments(string segments, string extra = "") =>
        JsonSerializer.Serialize(new { customerEmail = "pat@example.com", customerName = "Pat", segments }).TrimEnd('}') + extra + "}";
}
