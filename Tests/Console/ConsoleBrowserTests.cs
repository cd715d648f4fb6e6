using Microsoft.Playwright;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Workflows.Saga;
using static Microsoft.Playwright.Assertions;

namespace TemporalSagas.Tests.SagaConsole;

/// <summary>The console and the Temporal Web UI in a real browser, over the dev server and the real worker.</summary>
[Collection(DevServerCollection.Name)]
public class ConsoleBrowserTests(DevServerFixture fixture)
{
    [Fact]
    public async Task TestPage_FlightFailingAtPayment_ShowsStepsLiveThenCompensationsInOrder()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        await page.GotoAsync($"{console.Url}/#/test/FlightBooking");
        await page.Locator("#f-loyaltyPoints").FillAsync("100");
        await page.Locator("#f-failAt").SelectOptionAsync(FlightSteps.ProcessPayment);

        // Two transient failures of the points step keep the saga running for a few seconds: the page shows it live.
        await page.Locator("#f-transientAt").SelectOptionAsync(FlightSteps.DeductLoyaltyPoints);
        await page.GetByTestId("run").ClickAsync();
        await Expect(page.Locator($"[data-testid=ledger] tr[data-name={FlightSteps.ReserveSeat}][data-status=Completed]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=saga] [data-testid=status]").First).ToHaveTextAsync(nameof(SagaStatus.Running));

        await Expect(page.GetByTestId("result")).ToBeVisibleAsync();
        var compensations = await page.Locator("[data-testid=ledger] tr[data-kind=Compensation]")
            .EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.name + ':' + r.dataset.status)");
        compensations.Should().Equal("COMPENSATE_DEDUCT_LOYALTY_POINTS:Completed", "COMPENSATE_RESERVE_SEAT:Completed");
        await Expect(page.Locator("[data-testid=saga] [data-testid=status]").First).ToHaveTextAsync(nameof(SagaStatus.Compensated));
        await Expect(page.GetByTestId("failed-step")).ToHaveTextAsync(FlightSteps.ProcessPayment);
        var workflowId = await page.GetByTestId("correlation-id").TextContentAsync();
        (await page.GetByTestId("web-ui-link").GetAttributeAsync("href")).Should()
            .Be($"http://127.0.0.1:{fixture.UiPort}/namespaces/default/workflows/{workflowId}");
        await Expect(page.GetByTestId("result")).ToContainTextAsync("\"compensationResult\"");
        await browser.ScreenshotAsync("console-test-page");
        browser.PageErrors.Should().BeEmpty();
    }

    [Fact]
    public async Task Inbox_ResolvingASagaInReview_TakesItOutOfTheInbox()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var started = await console.StartFlightIntoReviewAsync(FlightSteps.ProcessPayment);
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        await page.GotoAsync($"{console.Url}/#/reviews");
        var item = page.Locator($"[data-testid=review-item][data-workflow-id='{started.WorkflowId}']");
        await Expect(item.GetByTestId("failed-compensation")).ToContainTextAsync("COMPENSATE_PROCESS_PAYMENT");
        await item.GetByTestId("operator").FillAsync("ops-anna");
        await item.GetByTestId("note").FillAsync("refunded by hand in the payment provider");
        await browser.ScreenshotAsync("console-review-inbox");
        await item.GetByTestId("resolve").ClickAsync();
        await item.GetByTestId("confirm-resolve").ClickAsync();

        await Expect(page.GetByTestId("review-answer")).ToContainTextAsync("Marked resolved by ops-anna accepted");
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Review inbox" })).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-testid=review-item][data-workflow-id='{started.WorkflowId}']")).ToHaveCountAsync(0);
        var saga = await console.WaitForAsync(started.WorkflowId, s => s.GetProperty("finished").GetBoolean());
        saga.GetProperty("state").GetProperty("status").GetString().Should().Be(nameof(SagaStatus.Resolved));
        browser.PageErrors.Should().BeEmpty();
    }

    [Fact]
    public async Task WebUi_CompensatedSaga_IsFoundBySagaStatusAndShowsItsSummaries()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var started = await console.StartAsync("FlightBooking", new
        {
            flightId = "TS104",
            userId = "alice",
            totalFare = 250,
            paymentMethod = "declined-card",
        });
        await ConsoleServer.WaitForVisibilityAsync(fixture.Client, started.WorkflowId, SagaStatus.Compensated);
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        // The list, filtered on the search attribute as the console's links do.
        var query = Uri.EscapeDataString($"SagaStatus=\"Compensated\" AND WorkflowId=\"{started.WorkflowId}\"");
        await page.GotoAsync($"http://127.0.0.1:{fixture.UiPort}/namespaces/default/workflows?query={query}");
        await Expect(page.GetByText(started.WorkflowId).First).ToBeVisibleAsync();
        await browser.ScreenshotAsync("web-ui-compensated-list");

        // The saga's history: the start event carries the static summary, each activity its step summary.
        await page.GotoAsync($"{started.WebUi}/{started.RunId}/history");
        await Expect(page.GetByText("console: 1 economy on TS104 for alice").First).ToBeVisibleAsync();
        await Expect(page.GetByText($"{FlightSteps.ReserveSeat}: 1 economy seat(s) on TS104").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync("web-ui-compensated-saga");
    }
}
