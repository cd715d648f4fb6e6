using TemporalSagas.Activities.Flights;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Saga;
using static Microsoft.Playwright.Assertions;

namespace TemporalSagas.Tests.SagaConsole;

/// <summary>The repair decisions in the console: a saga stuck at a forward step (<see cref="StuckStepSagas"/>) is
/// offered what its validator takes, and the saga page says who decided what about which step. A real browser.</summary>
[Collection(DevServerCollection.Name)]
public class ConsoleRepairBrowserTests(DevServerFixture fixture)
{
    private readonly StuckStepSagas stuck = new(fixture);

    [Fact]
    public Task Inbox_StuckStep_OffersRetryStepAndCompensate_RetryStepCompletesAndTheAuditNamesTheStep() => stuck.RunAsync(async () =>
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var handle = await stuck.StartStuckAsync($"repair-ui-{Guid.NewGuid():N}");
        await ConsoleServer.WaitForVisibilityAsync(fixture.Client, handle.Id, SagaStatus.ManualReviewRequired);
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        await page.GotoAsync($"{console.Url}/#/reviews");
        var item = page.Locator($"[data-testid=review-item][data-workflow-id='{handle.Id}']");
        await Expect(item.GetByTestId("stuck-step")).ToHaveTextAsync(StuckStepSagas.StuckStep);
        await Expect(item.GetByTestId("failure")).ToHaveTextAsync("still failing after its retries");
        await Expect(item.GetByTestId("retry-step")).ToHaveTextAsync("Retry step");
        await Expect(item.GetByTestId("compensate")).ToHaveTextAsync("Compensate…");
        await Expect(item.GetByTestId("resolve")).ToBeVisibleAsync();
        await Expect(item.GetByTestId("retry")).ToHaveCountAsync(0);
        await Expect(item.GetByTestId("skip")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("console-repair-stuck-step");

        await item.GetByTestId("operator").FillAsync("ops-ui");
        await item.GetByTestId("retry-step").ClickAsync();
        await Expect(page.GetByTestId("review-answer"))
            .ToContainTextAsync($"Retried step {StuckStepSagas.StuckStep} by ops-ui accepted — the saga is retrying step {StuckStepSagas.StuckStep}");

        await page.GotoAsync($"{console.Url}/#/saga/{handle.Id}");
        await Expect(page.Locator("[data-testid=saga] [data-testid=status]").First).ToHaveTextAsync(nameof(SagaStatus.Completed));
        var decision = page.GetByTestId("review-decision");
        await Expect(decision).ToContainTextAsync($"Retried step {StuckStepSagas.StuckStep} by ops-ui");
        await Expect(decision.GetByTestId("review-step")).ToHaveTextAsync(StuckStepSagas.StuckStep);
        browser.PageErrors.Should().BeEmpty();
    });

    [Fact]
    public Task Inbox_StuckAfterThePivot_OffersNoCompensate_AndTheLedgerBadgesThePivot() => stuck.RunAsync(async () =>
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var handle = await stuck.StartStuckAsync($"repair-ui-{Guid.NewGuid():N}", pastPivot: true);
        await ConsoleServer.WaitForVisibilityAsync(fixture.Client, handle.Id, SagaStatus.ManualReviewRequired);
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        await page.GotoAsync($"{console.Url}/#/reviews");
        var item = page.Locator($"[data-testid=review-item][data-workflow-id='{handle.Id}']");
        await Expect(item.GetByTestId("past-pivot")).ToHaveTextAsync("past the pivot");
        await Expect(item.GetByTestId("retry-step")).ToBeVisibleAsync();
        await Expect(item.GetByTestId("compensate")).ToHaveCountAsync(0);

        await item.GetByTestId("operator").FillAsync("ops-ui");
        await item.GetByTestId("resolve").ClickAsync();
        await Expect(item.GetByTestId("confirm-box")).ToContainTextAsync($"you finished {StuckStepSagas.StuckStep} by hand");
        await item.GetByTestId("confirm-resolve").ClickAsync();
        await Expect(page.GetByTestId("review-answer")).ToContainTextAsync("Marked resolved by ops-ui accepted");

        await page.GotoAsync($"{console.Url}/#/saga/{handle.Id}");
        await Expect(page.Locator("[data-testid=saga] [data-testid=status]").First).ToHaveTextAsync(nameof(SagaStatus.Resolved));
        await Expect(page.Locator($"[data-testid=ledger] tr[data-name={StuckStepSagas.PivotStep}] [data-testid=pivot]")).ToHaveTextAsync("pivot");
        await Expect(page.Locator("[data-testid=ledger] [data-testid=pivot]")).ToHaveCountAsync(1);
        browser.PageErrors.Should().BeEmpty();
    });

    [Fact]
    public async Task Inbox_FailedCompensation_SkipAsksWhichAndWhy_ThenTheAuditNamesTheSkippedCompensation()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var started = await console.StartFlightIntoReviewAsync(FlightSteps.ReserveSeat);
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        await page.GotoAsync($"{console.Url}/#/reviews");
        var item = page.Locator($"[data-testid=review-item][data-workflow-id='{started.WorkflowId}']");
        await Expect(item.GetByTestId("retry")).ToBeVisibleAsync();
        await Expect(item.GetByTestId("retry-step")).ToHaveCountAsync(0);
        await Expect(item.GetByTestId("compensate")).ToHaveCountAsync(0);
        await item.GetByTestId("operator").FillAsync("ops-ui");
        await item.GetByTestId("skip").ClickAsync();
        await item.GetByTestId("skip-step").SelectOptionAsync("COMPENSATE_RESERVE_SEAT");

        // Without the reason the saga is not asked: the note is the field at fault.
        await item.GetByTestId("confirm-skip").ClickAsync();
        await Expect(page.GetByTestId("review-answer")).ToContainTextAsync("needs a note");
        await Expect(item.GetByTestId("note")).ToHaveAttributeAsync("aria-invalid", "true");

        await item.GetByTestId("note").FillAsync("seat released at the gate desk");
        await item.GetByTestId("skip").ClickAsync();
        await item.GetByTestId("confirm-skip").ClickAsync();
        await Expect(page.GetByTestId("review-answer")).ToContainTextAsync("recording COMPENSATE_RESERVE_SEAT as undone by hand");

        await page.GotoAsync($"{console.Url}/#/saga/{started.WorkflowId}");
        await Expect(page.Locator("[data-testid=saga] [data-testid=status]").First).ToHaveTextAsync(nameof(SagaStatus.Compensated));
        var decision = page.GetByTestId("review-decision");
        await Expect(decision).ToContainTextAsync("Skipped compensation COMPENSATE_RESERVE_SEAT by ops-ui");
        await Expect(decision.GetByTestId("review-note")).ToHaveTextAsync("seat released at the gate desk");
        browser.PageErrors.Should().BeEmpty();
    }
}
