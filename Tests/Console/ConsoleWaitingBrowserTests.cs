using Microsoft.Playwright;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace TemporalSagas.Tests.SagaConsole;

/// <summary>A saga that waits for a person (an order waiting for the pharmacist), as an operator finds it in the
/// console: how long it has waited, its deadline, what moves it on, and the list sorted by age.</summary>
[Collection(DevServerCollection.Name)]
public class ConsoleWaitingBrowserTests(DevServerFixture fixture)
{
    [Fact]
    public async Task SagaPage_OrderWaitingForThePharmacist_ShowsItsAgeDeadlineAndWhatMovesIt_AndTheListSortsByAge()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var older = await StartWaitingOrderAsync(console);
        var newer = await StartWaitingOrderAsync(console);
        try
        {
            await using var browser = await BrowserSession.StartAsync();
            var page = browser.Page;

            await page.GotoAsync($"{console.Url}/#/saga/{older}");
            await Expect(page.GetByTestId("saga-age")).ToContainTextAsync("running for ");
            await Expect(page.GetByTestId("waiting-at")).ToContainTextAsync($"Waiting at {OrderSteps.AwaitPrescriptionApproval} for ");
            await Expect(page.GetByTestId("deadline")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(
                @"Deadline: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in (59|60) min \d+ s; then it compensates\)"));
            await Expect(page.GetByTestId("moves-on")).ToContainTextAsync("ApprovePrescription");
            await Expect(page.GetByTestId("moves-on")).ToContainTextAsync("RejectPrescription");
            await browser.ScreenshotAsync("console-waiting-order");

            // The list, oldest first after a click on the age header: the older order's row comes first.
            await page.GotoAsync($"{console.Url}/#/sagas?type=OrderFulfillment");
            var list = page.GetByTestId("saga-list");
            await Expect(list.Locator($"tr[data-workflow-id='{newer}']")).ToBeVisibleAsync();
            await list.GetByTestId("sort-age").ClickAsync();
            await list.GetByTestId("sort-age").ClickAsync();
            await Expect(list.GetByTestId("sort-age")).ToHaveAttributeAsync("aria-sort", "descending");
            var order = await list.Locator("tr[data-workflow-id]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.workflowId)");
            Array.IndexOf(order, older).Should().BeLessThan(Array.IndexOf(order, newer), "the longest running first");
            (await list.Locator("tr[data-workflow-id]").EvaluateAllAsync<double[]>("rows => rows.map(r => Number(r.dataset.ageMs))"))
                .Should().BeInDescendingOrder();
            browser.PageErrors.Should().BeEmpty();
        }
        finally
        {
            // Not left waiting for the pharmacist while the collection's next tests count the database's rows.
            foreach (var id in new[] { older, newer })
            {
                await fixture.Client.GetWorkflowHandle(id).CancelAsync();
            }
        }
    }

    private async Task<string> StartWaitingOrderAsync(ConsoleServer console)
    {
        var started = await console.StartAsync("OrderFulfillment", new
        {
            items = $"{OrderDemoData.Bandages}:1",
            shippingAddress = "1 Demo Street, Springfield",
            requiresPrescription = true,
            deadlineMinutes = 60,
        });
        await SagaPolling.WaitForRunningStepAsync(
            fixture.Client.GetWorkflowHandle(started.WorkflowId), OrderSteps.AwaitPrescriptionApproval, TimeSpan.FromSeconds(30));
        return started.WorkflowId;
    }
}
