using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.SagaConsole;

/// <summary>The repair decisions over HTTP (<c>POST /api/sagas/{id}/review</c>) and what the inbox says of each saga
/// waiting: a stuck forward step (<see cref="StuckStepSagas"/>) or the flight saga's failed compensation.</summary>
[Collection(DevServerCollection.Name)]
public sealed class ConsoleRepairApiTests(DevServerFixture fixture)
{
    private readonly StuckStepSagas stuck = new(fixture);

    public static TheoryData<string, string, string> BadCombos => new()
    {
        { "skip without a step", """{"action":"skip","operator":"ops","note":"released by hand"}""", "step" },
        { "skip without a note", """{"action":"skip","operator":"ops","step":"RESERVE_SEAT"}""", "note" },
        { "a step on resolved", """{"action":"resolved","operator":"ops","step":"RESERVE_SEAT"}""", "step" },
        { "a step on compensate", """{"action":"Compensate","operator":"ops","step":"BOOK_CARRIER"}""", "step" },
        { "a step name too long", $$"""{"action":"retry-step","operator":"ops","step":"{{new string('s', 101)}}"}""", "step" },
        { "an unknown action", """{"action":"undo","operator":"ops"}""", "action" },
    };

    [Theory]
    [MemberData(nameof(BadCombos))]
    public async Task Review_BadCombination_Is400NamingTheField(string name, string body, string field)
    {
        await using var console = await ConsoleServer.StartAsync(fixture);

        using var response = await console.Http.PostAsync(
            "/api/sagas/flight-booking-none/review", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, name);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("field").GetString().Should().Be(field, name);
        if (field == "action")
        {
            problem.GetProperty("detail").GetString().Should().Contain("retry-step").And.Contain("skip").And.Contain("compensate");
        }
    }

    [Fact]
    public Task Inbox_StuckStep_SaysWhichStepAndOffersRetryStepAndCompensate_ThenRetryStepCompletes() => stuck.RunAsync(async () =>
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var handle = await stuck.StartStuckAsync($"repair-api-{Guid.NewGuid():N}");
        await ConsoleServer.WaitForVisibilityAsync(fixture.Client, handle.Id, SagaStatus.ManualReviewRequired);

        var item = await InboxItemAsync(console, handle.Id);
        item.GetProperty("awaiting").GetString().Should().Be("step");
        item.GetProperty("failedStep").GetString().Should().Be(StuckStepSagas.StuckStep);
        var step = item.GetProperty("step");
        step.GetProperty("name").GetString().Should().Be(StuckStepSagas.StuckStep);
        step.GetProperty("failure").GetString().Should().Be(nameof(FailureClass.Exhausted));
        step.GetProperty("error").GetString().Should().Contain("provider unavailable");
        step.GetProperty("pastPivot").GetBoolean().Should().BeFalse();
        Actions(item).Should().Equal(nameof(ReviewAction.RetryStep), nameof(ReviewAction.Compensate), nameof(ReviewAction.MarkResolved));

        using var wrongStep = await console.Http.PostAsJsonAsync(
            $"/api/sagas/{handle.Id}/review", new { action = "retry-step", @operator = "ops-api", step = "NOTIFY" });
        using var accepted = await console.Http.PostAsJsonAsync(
            $"/api/sagas/{handle.Id}/review", new { action = "retry-step", @operator = "ops-api", step = StuckStepSagas.StuckStep });

        wrongStep.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await wrongStep.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("not the one awaiting review");
        accepted.StatusCode.Should().Be(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        var outcome = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        outcome.GetProperty("answer").GetProperty("willDo").GetString().Should().Be($"retrying step {StuckStepSagas.StuckStep}");
        (await handle.GetResultAsync()).Status.Should().Be(SagaStatus.Completed);
    });

    [Fact]
    public Task Inbox_StuckAfterThePivot_OffersNoCompensate_AndCompensateIs409WithTheReason() => stuck.RunAsync(async () =>
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var handle = await stuck.StartStuckAsync($"repair-api-{Guid.NewGuid():N}", pastPivot: true);
        await ConsoleServer.WaitForVisibilityAsync(fixture.Client, handle.Id, SagaStatus.ManualReviewRequired);

        var item = await InboxItemAsync(console, handle.Id);
        item.GetProperty("step").GetProperty("pastPivot").GetBoolean().Should().BeTrue();
        Actions(item).Should().Equal(nameof(ReviewAction.RetryStep), nameof(ReviewAction.MarkResolved));

        using var refused = await console.Http.PostAsJsonAsync($"/api/sagas/{handle.Id}/review", new { action = "compensate", @operator = "ops-api" });

        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("past its pivot");
        (await handle.QueryAsync(wf => wf.GetState())).Reviews.Should().BeNullOrEmpty();
    });

    [Fact]
    public async Task Inbox_FailedCompensation_OffersSkip_AndSkipIsRecordedWithTheStepAndNote()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var started = await console.StartFlightIntoReviewAsync(FlightSteps.ReserveSeat);

        var item = await InboxItemAsync(console, started.WorkflowId);
        item.GetProperty("awaiting").GetString().Should().Be("compensations");
        item.GetProperty("step").ValueKind.Should().Be(JsonValueKind.Null);
        Actions(item).Should().Equal(
            nameof(ReviewAction.RetryCompensations), nameof(ReviewAction.SkipCompensation), nameof(ReviewAction.MarkResolved));

        var path = $"/api/sagas/{started.WorkflowId}/review";
        using var retryStep = await console.Http.PostAsJsonAsync(path, new { action = "retry-step", @operator = "ops-api" });
        using var skipped = await console.Http.PostAsJsonAsync(
            path, new { action = "skip", @operator = "ops-api", step = "RESERVE_SEAT", note = "seat released at the desk" });

        retryStep.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await retryStep.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("for a stuck forward step");
        skipped.StatusCode.Should().Be(HttpStatusCode.OK, await skipped.Content.ReadAsStringAsync());
        var saga = await console.WaitForAsync(started.WorkflowId, s => s.GetProperty("finished").GetBoolean());
        var state = saga.GetProperty("state");
        state.GetProperty("status").GetString().Should().Be(nameof(SagaStatus.Compensated));
        var review = state.GetProperty("reviews").EnumerateArray().Should().ContainSingle().Subject;
        review.GetProperty("action").GetString().Should().Be(nameof(ReviewAction.SkipCompensation));
        review.GetProperty("step").GetString().Should().Be("RESERVE_SEAT");
        review.GetProperty("note").GetString().Should().Be("seat released at the desk");
    }

    [Fact]
    public async Task OpenApi_ReviewAction_ListsTheRepairActions()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);

        var document = await console.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var request = document.GetProperty("components").GetProperty("schemas").GetProperty("ReviewRequest").GetProperty("properties");
        request.GetProperty("action").GetProperty("enum").EnumerateArray().Select(v => v.GetString())
            .Should().Contain(["retry", "resolved", "retry-step", "skip", "compensate", nameof(ReviewAction.SkipCompensation)]);
        request.TryGetProperty("step", out _).Should().BeTrue();
    }

    private static async Task<JsonElement> InboxItemAsync(ConsoleServer console, string workflowId)
    {
        var inbox = await console.Http.GetFromJsonAsync<JsonElement>("/api/reviews");
        return inbox.EnumerateArray().Should().ContainSingle(i => i.GetProperty("workflowId").GetString() == workflowId).Subject;
    }

    private static List<string?> Actions(JsonElement item) => [.. item.GetProperty("actions").EnumerateArray().Select(a => a.GetString())];
}
