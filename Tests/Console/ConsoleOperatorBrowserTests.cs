using Microsoft.Playwright;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Saga;
using static Microsoft.Playwright.Assertions;

namespace TemporalSagas.Tests.SagaConsole;

/// <summary>What an operator reads of a saga in the console: the review decision, retries, the timeline picture,
/// the list's age column and problems that name the field. A real browser over the dev server and the real worker.</summary>
[Collection(DevServerCollection.Name)]
public class ConsoleOperatorBrowserTests(DevServerFixture fixture)
{
    private const string Ledger = "[data-testid=ledger]";

    [Fact]
    public async Task SagaPage_ResolvedReview_ShowsTheDecisionItsOperatorAndNote()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var started = await console.StartFlightIntoReviewAsync(FlightSteps.ProcessPayment);
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        // The inbox says since when and what the failed refund was meant to undo, and asks before it marks resolved.
        await page.GotoAsync($"{console.Url}/#/reviews");
        var item = page.Locator($"[data-testid=review-item][data-workflow-id='{started.WorkflowId}']");
        await Expect(item.GetByTestId("waiting-since")).ToContainTextAsync("Waiting since ");
        await Expect(item.GetByTestId("undoes")).ToContainTextAsync($"{FlightSteps.ProcessPayment}: charge 250.00");
        await item.GetByTestId("operator").FillAsync("ops-anna");
        await item.GetByTestId("note").FillAsync("refunded by hand in the payment provider");
        await item.GetByTestId("resolve").ClickAsync();
        await Expect(item.GetByTestId("confirm-box")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("review-answer")).ToBeEmptyAsync();
        await browser.ScreenshotAsync("console-operator-inbox-confirm");
        await item.GetByTestId("confirm-resolve").ClickAsync();
        await Expect(page.GetByTestId("review-answer")).ToContainTextAsync("Marked resolved by ops-anna accepted");

        await page.GotoAsync($"{console.Url}/#/saga/{started.WorkflowId}");
        await Expect(page.Locator("[data-testid=saga] [data-testid=status]").First).ToHaveTextAsync(nameof(SagaStatus.Resolved));
        var decision = page.GetByTestId("review-decision");
        await Expect(decision).ToContainTextAsync("Marked resolved by ops-anna");
        await Expect(decision.GetByTestId("review-note")).ToHaveTextAsync("refunded by hand in the payment provider");
        await Expect(decision).ToContainTextAsync(" UTC");
        await Expect(page.Locator($"{Ledger} tr[data-name=COMPENSATE_PROCESS_PAYMENT][data-status=Failed] [data-testid=resolved-by]"))
            .ToHaveTextAsync("resolved by hand by ops-anna");
        await Expect(page.Locator("[data-testid=timeline-mark][data-kind=review-decision]")).ToHaveCountAsync(1);
        await browser.ScreenshotAsync("console-operator-resolved-saga");
        browser.PageErrors.Should().BeEmpty();
    }

    [Fact]
    public async Task SagaPage_RetriedStep_ShowsItsAttemptsTheErrorAndHowLongItTook()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var started = await console.StartAsync("FlightBooking", new
        {
            flightId = "TS104",
            userId = "alice",
            totalFare = 250,
            transientAt = FlightSteps.ProcessPayment,
            transientFailures = 2,
        });
        await console.WaitForAsync(started.WorkflowId, s => s.GetProperty("finished").GetBoolean());
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        await page.GotoAsync($"{console.Url}/#/saga/{started.WorkflowId}");
        var payment = page.Locator($"{Ledger} tr[data-name={FlightSteps.ProcessPayment}]");
        await Expect(payment.GetByTestId("tries")).ToHaveTextAsync("3");
        await Expect(payment.GetByTestId("step-error")).ToContainTextAsync(
            $"attempt 2 failed: simulated transient failure at {FlightSteps.ProcessPayment}");
        await Expect(payment.GetByTestId("took")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d s$"));
        await Expect(page.Locator($"{Ledger} tr[data-name={FlightSteps.ReserveSeat}] [data-testid=tries]")).ToHaveTextAsync("1");
        await Expect(page.Locator($"[data-testid=timeline-bar][data-name={FlightSteps.ProcessPayment}]")).ToHaveAttributeAsync("data-attempts", "3");
        await Expect(page.Locator("[data-testid=saga] [data-testid=status]").First).ToHaveTextAsync(nameof(SagaStatus.Completed));
        await Expect(page.GetByTestId("result-summary")).ToContainTextAsync("success: true");
        await Expect(page.Locator("[data-testid=result] pre")).Not.ToBeVisibleAsync(); // the JSON is folded away
        await browser.ScreenshotAsync("console-operator-retried-step");
        browser.PageErrors.Should().BeEmpty();
    }

    [Fact]
    public async Task SagaPage_CompensatedSaga_DrawsABarPerStepAndCompensationWithTheFailureMarked()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var started = await console.StartAsync("FlightBooking", new
        {
            flightId = "TS104",
            userId = "alice",
            totalFare = 250,
            loyaltyPoints = 100,
            failAt = FlightSteps.ProcessPayment,
        });
        await console.WaitForAsync(started.WorkflowId, s => s.GetProperty("finished").GetBoolean());
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        await page.GotoAsync($"{console.Url}/#/saga/{started.WorkflowId}");
        var timeline = page.GetByTestId("timeline");
        await Expect(timeline.Locator("[data-testid=timeline-failure]")).ToHaveCountAsync(1);
        var bars = await timeline.Locator("[data-testid=timeline-bar]")
            .EvaluateAllAsync<string[]>("bars => bars.map(b => b.dataset.kind + ':' + b.dataset.name + ':' + b.dataset.outcome)");
        bars.Where(b => !b.StartsWith("activity:", StringComparison.Ordinal)).Should().Equal(
            $"step:{FlightSteps.ReserveSeat}:completed",
            $"step:{FlightSteps.DeductLoyaltyPoints}:completed",
            $"step:{FlightSteps.ProcessPayment}:failed",
            $"compensation:COMPENSATE_{FlightSteps.DeductLoyaltyPoints}:completed",
            $"compensation:COMPENSATE_{FlightSteps.ReserveSeat}:completed");
        await Expect(timeline.Locator("[data-testid=timeline-bar][data-failure=true]")).ToHaveAttributeAsync("data-name", FlightSteps.ProcessPayment);
        var ledgerRows = await page.Locator($"{Ledger} tr[data-kind]").CountAsync();
        bars.Count(b => b.StartsWith("step:", StringComparison.Ordinal) || b.StartsWith("compensation:", StringComparison.Ordinal))
            .Should().Be(ledgerRows, "one bar per ledger row");

        // Bars sit on one time axis: each compensation starts after the failure, in the ledger's order.
        var starts = await timeline.Locator("[data-testid=timeline-bar] rect.tl-bar")
            .EvaluateAllAsync<double[]>("rects => rects.map(r => Number(r.getAttribute('x')))");
        starts.Should().BeInAscendingOrder();
        await Expect(page.GetByTestId("stop-reason")).ToContainTextAsync($"Failed step: {FlightSteps.ProcessPayment}");
        await Expect(page.GetByTestId("saga-age")).ToContainTextAsync("took ");
        await browser.ScreenshotAsync("console-operator-timeline-compensated");
        browser.PageErrors.Should().BeEmpty();
    }

    [Fact]
    public async Task SagaList_AgeHeader_SortsByAgeBothWays()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var older = await console.StartAsync("FlightBooking", new { flightId = "TS104", userId = "alice", totalFare = 250, paymentMethod = "declined-card" });
        await ConsoleServer.WaitForVisibilityAsync(fixture.Client, older.WorkflowId, SagaStatus.Compensated);
        var newer = await console.StartAsync("FlightBooking", new { flightId = "TS104", userId = "alice", totalFare = 250 });
        await ConsoleServer.WaitForVisibilityAsync(fixture.Client, newer.WorkflowId, SagaStatus.Completed);
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        await page.GotoAsync($"{console.Url}/#/sagas?type=FlightBooking");
        var list = page.GetByTestId("saga-list");
        await Expect(list.Locator($"tr[data-workflow-id='{newer.WorkflowId}']")).ToBeVisibleAsync();

        // By status first (Compensated before Completed: the older one first), then by age: the newer one first.
        await list.GetByTestId("sort-status").ClickAsync();
        (await Order()).IndexOf(older.WorkflowId).Should().BeLessThan((await Order()).IndexOf(newer.WorkflowId));
        await list.GetByTestId("sort-age").ClickAsync();
        (await Ages()).Should().BeInAscendingOrder();
        (await Order()).IndexOf(newer.WorkflowId).Should().BeLessThan((await Order()).IndexOf(older.WorkflowId));
        await Expect(list.GetByTestId("sort-age")).ToHaveAttributeAsync("aria-sort", "ascending");
        await list.GetByTestId("sort-age").ClickAsync();
        (await Ages()).Should().BeInDescendingOrder();
        await Expect(list.Locator($"tr[data-workflow-id='{older.WorkflowId}'] [data-testid=age]")).ToHaveTextAsync(
            new System.Text.RegularExpressions.Regex(@"^\d+(\.\d)? s$|^\d+ min \d+ s$"));
        await browser.ScreenshotAsync("console-operator-saga-list");
        browser.PageErrors.Should().BeEmpty();

        async Task<List<string>> Order() =>
            [.. await list.Locator("tr[data-workflow-id]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.workflowId)")];

        async Task<double[]> Ages() =>
            await list.Locator("tr[data-workflow-id]").EvaluateAllAsync<double[]>("rows => rows.map(r => Number(r.dataset.ageMs))");
    }

    [Fact]
    public async Task TestPage_UnknownFlight_ShowsTheDetailUnderTheFieldsLabelHighlightedWithTheFlightsThereAre()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        await page.GotoAsync($"{console.Url}/#/test/FlightBooking");
        await page.Locator("#f-flightId").FillAsync("XX999");
        await page.GetByTestId("run").ClickAsync();

        var error = page.GetByTestId("form-error").GetByTestId("error");
        await Expect(error).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Flight: unknown flight 'XX999' \(flights: .*TS104.*\)$"));
        (await error.TextContentAsync()).Should().NotContain("400").And.NotContain("--flight").And.NotContain("[flightId]");
        await Expect(page.Locator("#f-flightId")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("invalid"));
        await Expect(page.Locator("#f-flightId")).ToHaveAttributeAsync("aria-invalid", "true");
        await browser.ScreenshotAsync("console-operator-unknown-flight");
        await page.Locator("#f-flightId").FillAsync("TS104");
        await Expect(page.Locator("#f-flightId")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("invalid"));
        browser.PageErrors.Should().BeEmpty();
    }

    [Fact]
    public async Task SagaPage_CancelledSaga_SaysCancelledInOneWordingAndNotFailedStep()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var started = await console.StartAsync("FlightBooking", new
        {
            flightId = "TS104",
            userId = "alice",
            totalFare = 250,
            transientAt = FlightSteps.ProcessPayment,
            transientFailures = 3,
        });
        var handle = fixture.Client.GetWorkflowHandle(started.WorkflowId);
        await SagaPolling.WaitForRunningStepAsync(handle, FlightSteps.ProcessPayment, TimeSpan.FromSeconds(60));
        await handle.CancelAsync();
        await console.WaitForAsync(started.WorkflowId, s => s.GetProperty("finished").GetBoolean());
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        await page.GotoAsync($"{console.Url}/#/saga/{started.WorkflowId}");
        var card = page.GetByTestId("saga");
        await Expect(card.GetByTestId("status").First).ToHaveTextAsync(nameof(SagaStatus.Cancelled));
        await Expect(page.GetByTestId("stop-reason")).ToContainTextAsync($"Cancelled by a client during {FlightSteps.ProcessPayment}");
        await Expect(page.GetByTestId("stop-reason")).ToContainTextAsync("what it had done was compensated");
        (await card.TextContentAsync()).Should().NotContain("Failed step").And.NotContain("Canceled");
        await Expect(page.Locator("[data-testid=timeline-mark][data-kind=cancel-requested]")).ToHaveCountAsync(1);
        await browser.ScreenshotAsync("console-operator-cancelled-saga");
        browser.PageErrors.Should().BeEmpty();
    }
}
