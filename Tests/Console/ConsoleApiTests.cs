using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TemporalSagas.Activities.Flights;
using TemporalSagas.SagaConsole;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.SagaConsole;

/// <summary>The console's JSON API on a real dev server and worker: the CLI's input contract over HTTP.</summary>
[Collection(DevServerCollection.Name)]
public class ConsoleApiTests(DevServerFixture fixture)
{
    private const string Flight = "FlightBooking";
    private const string Order = "OrderFulfillment";
    private const string ValidFlight = """{"flightId":"TS104","userId":"alice","totalFare":250}""";

    /// <summary>Bad input: (name, method, path, content type, body, the field the 400 must name).</summary>
    public static TheoryData<string, string, string, string, string, string> BadInputs => new()
    {
        { "missing flight id", "POST", $"/api/sagas/{Flight}", "application/json", """{"userId":"alice","totalFare":250}""", "flightId" },
        { "missing fare", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS104","userId":"alice"}""", "totalFare" },
        { "null flight id", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":null,"userId":"alice","totalFare":250}""", "flightId" },
        { "passengers not a number", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS104","userId":"alice","totalFare":250,"passengers":"two"}""", "passengers" },
        { "passengers 0", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS104","userId":"alice","totalFare":250,"passengers":0}""", "passengers" },
        { "passengers 10", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS104","userId":"alice","totalFare":250,"passengers":10}""", "passengers" },
        { "negative fare", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS104","userId":"alice","totalFare":-5}""", "totalFare" },
        { "fare below a cent", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS104","userId":"alice","totalFare":10.123}""", "totalFare" },
        { "fare too large for a number", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS104","userId":"alice","totalFare":1e999}""", "totalFare" },
        { "unknown seat class", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS104","userId":"alice","totalFare":250,"seatClass":"premium"}""", "seatClass" },
        { "flight id with a space", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS 104","userId":"alice","totalFare":250}""", "flightId" },
        { "unknown flight", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"XX999","userId":"alice","totalFare":250}""", "flightId" },
        { "unknown user", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS104","userId":"nobody-here","totalFare":250}""", "userId" },
        { "points worth the whole fare", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS104","userId":"alice","totalFare":250,"loyaltyPoints":25000}""", "loyaltyPoints" },
        { "unknown fail-at step", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS104","userId":"alice","totalFare":250,"failAt":"LAUNCH_ROCKET"}""", "failAt" },
        { "transient failures out of range", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS104","userId":"alice","totalFare":250,"transientAt":"PROCESS_PAYMENT","transientFailures":1000}""", "transientFailures" },
        { "saga id with a slash", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS104","userId":"alice","totalFare":250,"id":"a/b"}""", "id" },
        { "unknown field", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS104","userId":"alice","totalFare":250,"colour":"red"}""", "colour" },
        { "malformed JSON", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS104",""", "body" },
        { "a JSON array", "POST", $"/api/sagas/{Flight}", "application/json", "[1,2]", "body" },
        { "wrong content type", "POST", $"/api/sagas/{Flight}", "text/plain", ValidFlight, "Content-Type" },
        { "form-encoded body", "POST", $"/api/sagas/{Flight}", "application/x-www-form-urlencoded", "flightId=TS104", "Content-Type" },
        { "oversized body", "POST", $"/api/sagas/{Flight}", "application/json", $$"""{"flightId":"TS104","userId":"alice","totalFare":250,"paymentMethod":"{{new string('x', 20_000)}}"}""", "body" },
        { "unknown saga type", "POST", "/api/sagas/RocketLaunch", "application/json", ValidFlight, "sagaType" },
        { "order line without quantity", "POST", $"/api/sagas/{Order}", "application/json", """{"items":"BAND-10","shippingAddress":"1 Main St"}""", "items" },
        { "order quantity 0", "POST", $"/api/sagas/{Order}", "application/json", """{"items":"BAND-10:0","shippingAddress":"1 Main St"}""", "items" },
        { "order without address", "POST", $"/api/sagas/{Order}", "application/json", """{"items":"BAND-10:1","shippingAddress":""}""", "shippingAddress" },
        { "order deadline 0 minutes", "POST", $"/api/sagas/{Order}", "application/json", """{"items":"BAND-10:1","shippingAddress":"1 Main St","deadlineMinutes":0}""", "deadlineMinutes" },
        { "review: unknown action", "POST", "/api/sagas/flight-booking-x/review", "application/json", """{"action":"maybe","operator":"ops"}""", "action" },
        { "review: no operator", "POST", "/api/sagas/flight-booking-x/review", "application/json", """{"action":"resolved","operator":" "}""", "operator" },
        { "review: note too long", "POST", "/api/sagas/flight-booking-x/review", "application/json", $$"""{"action":"resolved","operator":"ops","note":"{{new string('n', 1001)}}"}""", "note" },
        { "list: unknown status", "GET", "/api/sagas?status=Exploded", "", "", "status" },
        { "list: unknown saga type", "GET", "/api/sagas?type=Rocket", "", "", "type" },
        { "list: limit 0", "GET", "/api/sagas?limit=0", "", "", "limit" },
        { "list: limit not a number", "GET", "/api/sagas?limit=abc", "", "", "limit" },
        { "list: limit overflowing int", "GET", "/api/sagas?limit=99999999999", "", "", "limit" },
        { "list: limit NaN", "GET", "/api/sagas?limit=NaN", "", "", "limit" },
        { "list: limit -1", "GET", "/api/sagas?limit=-1", "", "", "limit" },
        { "list: status twice", "GET", "/api/sagas?status=Completed&status=Compensated", "", "", "status" },
        { "list: unknown query parameter", "GET", "/api/sagas?colour=red", "", "", "colour" },
        { "reviews: limit not a number", "GET", "/api/reviews?limit=ten", "", "", "limit" },
        { "reviews: limit 1001", "GET", "/api/reviews?limit=1001", "", "", "limit" },
        { "order unknown SKU", "POST", $"/api/sagas/{Order}", "application/json", """{"items":"NOPE-1:1","shippingAddress":"1 Main St"}""", "items" },
        { "order address of 10,000 characters", "POST", $"/api/sagas/{Order}", "application/json", $$"""{"items":"BAND-10:1","shippingAddress":"{{new string('a', 10_000)}}"}""", "shippingAddress" },
        { "flight id with an escape sequence", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS\u001b[2J104","userId":"alice","totalFare":250}""", "flightId" },
        { "flight fare NaN as a string", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS104","userId":"alice","totalFare":"NaN"}""", "totalFare" },
        { "flight passengers -1", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS104","userId":"alice","totalFare":250,"passengers":-1}""", "passengers" },
        { "review: operator of 10,000 characters", "POST", "/api/sagas/flight-booking-x/review", "application/json", $$"""{"action":"resolved","operator":"{{new string('o', 10_000)}}"}""", "operator" },
        { "review: operator empty", "POST", "/api/sagas/flight-booking-x/review", "application/json", """{"action":"resolved","operator":""}""", "operator" },
        { "passengers \"3\" as a string", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS104","userId":"alice","totalFare":250,"passengers":"3"}""", "passengers" },
        { "fare \"250\" as a string", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":"TS104","userId":"alice","totalFare":"250"}""", "totalFare" },
        { "order deadline \"5\" as a string", "POST", $"/api/sagas/{Order}", "application/json", """{"items":"BAND-10:1","shippingAddress":"1 Main St","deadlineMinutes":"5"}""", "deadlineMinutes" },
        { "flight id a number", "POST", $"/api/sagas/{Flight}", "application/json", """{"flightId":104,"userId":"alice","totalFare":250}""", "flightId" },
        { "order items a number", "POST", $"/api/sagas/{Order}", "application/json", """{"items":10,"shippingAddress":"1 Main St"}""", "items" },
        { "review: operator a number", "POST", "/api/sagas/flight-booking-x/review", "application/json", """{"action":"resolved","operator":7}""", "operator" },
        { "meta: unknown query parameter", "GET", "/api/meta?colour=red", "", "", "colour" },
        { "forms: unknown query parameter", "GET", "/api/forms?colour=red", "", "", "colour" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Api_BadInput_Is400NamingTheFieldAndStartsNothing(
        string name, string method, string path, string contentType, string body, string field)
    {
        // A task queue of its own: any saga this request started would be counted on it.
        var taskQueue = $"console-bad-{Guid.NewGuid():N}";
        await using var console = await ConsoleServer.StartAsync(fixture, taskQueue);
        var before = await DatabaseFingerprint.OfAsync(fixture.Db);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new(contentType);
        }

        using var response = await console.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"{name}: {text}");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("field").GetString().Should().Be(field, name);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
        problem.GetProperty("errorType").GetString().Should().Be("INVALID_INPUT");
        var detail = problem.GetProperty("detail").GetString()!;
        detail.Should().NotContain("   at ", "no stack trace");
        detail.Any(char.IsControl).Should().BeFalse("control characters are shown escaped, never raw");
        (await StartedWorkflows.OnTaskQueueAsync(fixture.Client, taskQueue)).Should().BeEmpty(name);
        (await DatabaseFingerprint.OfAsync(fixture.Db)).Should().Be(before, $"{name} writes nothing");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Api_ReviewWithWrongContentType_Is415ProblemNamingContentType(string contentType)
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        using var content = new StringContent("""{"action":"resolved","operator":"ops"}""", Encoding.UTF8);
        content.Headers.ContentType = new(contentType);

        using var response = await console.Http.PostAsync("/api/sagas/flight-booking-x/review", content);

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("field").GetString().Should().Be("Content-Type");
        problem.GetProperty("detail").GetString().Should().Contain(contentType);
    }

    [Fact]
    public async Task Api_ValidStart_IsCountedOnItsTaskQueue()
    {
        // The control for the table above: the same count sees a saga a valid request starts (no worker polls this queue).
        var taskQueue = $"console-good-{Guid.NewGuid():N}";
        await using var console = await ConsoleServer.StartAsync(fixture, taskQueue);
        var started = await console.StartAsync(Flight, new { flightId = "TS104", userId = "alice", totalFare = 250 });
        try
        {
            await SagaPolling.WaitForCountAsync(fixture.Client, $"TaskQueue = '{taskQueue}'", 1, TimeSpan.FromSeconds(30));
        }
        finally
        {
            await fixture.Client.GetWorkflowHandle(started.WorkflowId).TerminateAsync("test over");
        }
    }

    [Fact]
    public async Task Api_TemporalUnreachable_Is503ProblemDocument()
    {
        await using var console = await ConsoleServer.StartAsync(fixture, address: $"127.0.0.1:{FreePort.Next()}");

        using var start = await console.Http.PostAsync($"/api/sagas/{Flight}", new StringContent(ValidFlight, Encoding.UTF8, "application/json"));
        using var list = await console.Http.GetAsync("/api/reviews");

        start.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        list.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var problem = await start.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errorType").GetString().Should().Be("TEMPORAL_UNREACHABLE");
        problem.GetProperty("detail").GetString().Should().Contain("cannot reach Temporal");
    }

    [Fact]
    public async Task Api_FlightFailsAtPayment_EndsCompensatedWithTheSeedResult()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var started = await console.StartAsync(Flight, new
        {
            flightId = "TS104",
            userId = "alice",
            totalFare = 250,
            loyaltyPoints = 100,
            failAt = FlightSteps.ProcessPayment,
        });

        var saga = await console.WaitForAsync(started.WorkflowId, s => s.GetProperty("finished").GetBoolean());

        started.WebUi.Should().Be($"http://127.0.0.1:{fixture.UiPort}/namespaces/default/workflows/{started.WorkflowId}");
        var result = saga.GetProperty("result");
        result.GetProperty("success").GetBoolean().Should().BeFalse();
        result.GetProperty("correlationId").GetString().Should().Be(started.WorkflowId);
        result.GetProperty("failedStep").GetString().Should().Be(FlightSteps.ProcessPayment);
        result.GetProperty("compensationResult").GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("step").GetString())
            .Should().Equal("COMPENSATE_DEDUCT_LOYALTY_POINTS", "COMPENSATE_RESERVE_SEAT");
        saga.GetProperty("state").GetProperty("status").GetString().Should().Be(nameof(SagaStatus.Compensated));

        // The saga list, filtered on the search attributes.
        await ConsoleServer.WaitForVisibilityAsync(fixture.Client, started.WorkflowId, SagaStatus.Compensated);
        var compensated = await console.Http.GetFromJsonAsync<List<SagaListItem>>(
            $"/api/sagas?type={Flight}&status=Compensated&limit=1000", SagaDataConverter.JsonOptions);
        var completed = await console.Http.GetFromJsonAsync<List<SagaListItem>>(
            $"/api/sagas?type={Flight}&status=Completed&limit=1000", SagaDataConverter.JsonOptions);
        compensated!.Should().Contain(s => s.WorkflowId == started.WorkflowId && s.FailedStep == FlightSteps.ProcessPayment)
            .And.OnlyContain(s => s.SagaStatus == nameof(SagaStatus.Compensated) && s.SagaType == Flight);
        completed!.Should().NotContain(s => s.WorkflowId == started.WorkflowId);
    }

    [Fact]
    public async Task Api_OrderFailingAtShipment_EndsCompensated()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var started = await console.StartAsync(Order, new
        {
            items = "BAND-10:1",
            shippingAddress = "1 Main Street",
            failAt = "initiate-shipment",
        });

        var saga = await console.WaitForAsync(started.WorkflowId, s => s.GetProperty("finished").GetBoolean());

        started.WorkflowId.Should().StartWith("order-");
        var state = saga.GetProperty("state");
        state.GetProperty("status").GetString().Should().Be(nameof(SagaStatus.Compensated));
        state.GetProperty("failedStep").GetString().Should().Be("INITIATE_SHIPMENT");
        saga.GetProperty("result").ValueKind.Should().Be(JsonValueKind.Object);
    }

    [Fact]
    public async Task Api_UnknownSaga_Is404NamingTheWorkflowId()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);

        using var response = await console.Http.GetAsync("/api/sagas/flight-booking-no-such-saga");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString().Should().Be("workflowId");
    }

    [Fact]
    public async Task Api_ReviewInbox_ListsTheSagaAndResolvesItOnce()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var started = await console.StartFlightIntoReviewAsync(FlightSteps.ProcessPayment);

        // What the Web UI shows as the running saga's "current details": the outcome in words, then the ledger.
        var metadata = await fixture.Client.GetWorkflowHandle(started.WorkflowId)
            .QueryAsync<Temporalio.Api.Sdk.V1.WorkflowMetadata>("__temporal_workflow_metadata", []);
        metadata.CurrentDetails.Should().StartWith("**FlightBooking** saga — **ManualReviewRequired**: a compensation failed")
            .And.Contain("Failed at `CONFIRM_BOOKING`")
            .And.Contain("| COMPENSATE_PROCESS_PAYMENT | Compensation | Failed |");

        var inbox = await console.Http.GetFromJsonAsync<List<TemporalSagas.Client.ReviewWaiting>>("/api/reviews", SagaDataConverter.JsonOptions);
        var item = inbox!.Should().ContainSingle(i => i.WorkflowId == started.WorkflowId).Subject;
        item.FailedCompensations.Select(c => c.Step).Should().Equal("COMPENSATE_PROCESS_PAYMENT");
        item.FailedCompensations[0].Error.Should().NotBeNullOrEmpty();

        var review = new { action = "resolved", @operator = "ops-anna", note = "refunded by hand" };
        using var accepted = await console.Http.PostAsJsonAsync($"/api/sagas/{started.WorkflowId}/review", review);
        using var again = await console.Http.PostAsJsonAsync($"/api/sagas/{started.WorkflowId}/review", review);

        accepted.StatusCode.Should().Be(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        (await accepted.Content.ReadFromJsonAsync<ReviewOutcome>(SagaDataConverter.JsonOptions))!.Answer.Action.Should().Be(ReviewAction.MarkResolved);
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("rejected");
        var saga = await console.WaitForAsync(started.WorkflowId, s => s.GetProperty("finished").GetBoolean());
        saga.GetProperty("state").GetProperty("status").GetString().Should().Be(nameof(SagaStatus.Resolved));
    }

    [Fact]
    public async Task OpenApi_DocumentsEveryEndpointWithTheRequestSchemas()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);

        var document = await console.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().Contain(["/api/sagas/FlightBooking", "/api/sagas/OrderFulfillment", "/api/sagas", "/api/sagas/{workflowId}",
            "/api/reviews", "/api/sagas/{workflowId}/review"]);
        document.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(s => s.Name)
            .Should().Contain(["FlightBookingRequest", "OrderFulfillmentRequest", "ReviewRequest"]);
    }
}
