using Microsoft.Playwright;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Workflows.Saga;
using static Microsoft.Playwright.Assertions;

namespace TemporalSagas.Tests.SagaConsole;

/// <summary>Each saga type's test form in a real browser, over the dev server and the real worker.</summary>
[Collection(DevServerCollection.Name)]
public class ConsoleFormBrowserTests(DevServerFixture fixture)
{
    [Fact]
    public async Task SeatForm_UnknownZoneIsRefused_ThenHeldSeatsAreConfirmed_EndsCompleted()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        await page.GotoAsync($"{console.Url}/#/test/SeatReservation");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Seat reservation" })).ToBeVisibleAsync();
        await page.Locator("#f-zoneId").FillAsync("NOWHERE");
        await page.GetByTestId("run").ClickAsync();
        await Expect(page.GetByTestId("form-error")).ToContainTextAsync("unknown zone 'NOWHERE'");
        await Expect(page.GetByTestId("form-error")).Not.ToContainTextAsync("[zoneId]");
        await Expect(page.Locator("#f-zoneId")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByTestId("saga")).ToHaveCountAsync(0);

        await page.Locator("#f-zoneId").FillAsync(SeatDemoData.Balcony);
        await page.Locator("#f-quantity").FillAsync("3");
        await page.GetByTestId("run").ClickAsync();
        await Expect(page.GetByTestId("action-confirm")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("action-release")).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-testid=ledger] tr[data-name={SeatSteps.AwaitDecision}][data-status=Running]")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("console-form-seats-held");
        await page.Locator("#a-confirm-paymentMethod").FillAsync("card");
        await page.GetByTestId("action-confirm").ClickAsync();

        await Expect(page.GetByTestId("action-answer")).ToContainTextAsync("Confirm: Confirmed: 3 seat(s) in BALCONY");
        await Expect(page.Locator("[data-testid=saga] [data-testid=status]").First).ToHaveTextAsync(nameof(SagaStatus.Completed));
        await Expect(page.GetByTestId("action-confirm")).ToBeHiddenAsync();
        browser.PageErrors.Should().BeEmpty();
    }

    [Fact]
    public async Task SeatForm_HeldSeatsReleased_EndsCompensated()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        await page.GotoAsync($"{console.Url}/#/test/SeatReservation");
        await page.Locator("#f-zoneId").FillAsync(SeatDemoData.Floor);
        await page.GetByTestId("run").ClickAsync();
        await page.GetByTestId("action-release").ClickAsync();

        await Expect(page.GetByTestId("action-answer")).ToContainTextAsync("Release: Released");
        await Expect(page.Locator("[data-testid=saga] [data-testid=status]").First).ToHaveTextAsync(nameof(SagaStatus.Compensated));
        await Expect(page.Locator($"[data-testid=ledger] tr[data-name=COMPENSATE_{SeatSteps.ReserveSeats}][data-status=Completed]")).ToBeVisibleAsync();
        browser.PageErrors.Should().BeEmpty();
    }

    [Fact]
    public async Task CreationForm_LocalRecordFailing_EndsCompensated()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        await page.GotoAsync($"{console.Url}/#/test/AppointmentCreation");
        await page.Locator("#f-startUtc").FillAsync(ConsoleFormApiTests.Iso(ConsoleFormApiTests.FreeSlot()));
        await page.Locator("#f-staffId").FillAsync(AppointmentDemoData.Ben);
        await page.Locator("#f-failAt").SelectOptionAsync(AppointmentSteps.CreateLocalAppointment);
        await browser.ScreenshotAsync("console-form-appointment-creation");
        await page.GetByTestId("run").ClickAsync();

        await Expect(page.GetByTestId("result")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=saga] [data-testid=status]").First).ToHaveTextAsync(nameof(SagaStatus.Compensated));
        await Expect(page.GetByTestId("failed-step")).ToHaveTextAsync(AppointmentSteps.CreateLocalAppointment);
        await Expect(page.Locator($"[data-testid=ledger] tr[data-name=COMPENSATE_{AppointmentSteps.CreateCalcomBooking}][data-status=Completed]")).ToBeVisibleAsync();
        browser.PageErrors.Should().BeEmpty();
    }

    [Fact]
    public async Task SyncForm_CancelOfABookedAppointment_EndsCompleted()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        var id = $"apt-ui-{Guid.NewGuid():N}"[..20];
        var booked = await console.StartAsync("AppointmentCreation", new
        {
            customerEmail = "sam@example.com",
            customerName = "Sam",
            startUtc = ConsoleFormApiTests.Iso(ConsoleFormApiTests.FreeSlot()),
            appointmentId = id,
        });
        await console.WaitForAsync(booked.WorkflowId, s => s.GetProperty("finished").GetBoolean());
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        await page.GotoAsync($"{console.Url}/#/test/AppointmentSync");
        await page.Locator("#f-appointmentId").FillAsync(id);
        await page.Locator("#f-action").SelectOptionAsync(SyncActions.Cancel);
        await page.Locator("#f-reason").FillAsync("browser test");
        await browser.ScreenshotAsync("console-form-appointment-sync");
        await page.GetByTestId("run").ClickAsync();

        await Expect(page.GetByTestId("result")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=saga] [data-testid=status]").First).ToHaveTextAsync(nameof(SagaStatus.Completed));
        await Expect(page.GetByTestId("correlation-id")).ToHaveTextAsync($"appointment-sync-{id}");
        browser.PageErrors.Should().BeEmpty();
    }

    [Fact]
    public async Task CompositeForm_TwoSegments_EndsCompleted()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        await page.GotoAsync($"{console.Url}/#/test/CompositeBooking");
        await page.Locator("#f-segments").FillAsync(ConsoleFormApiTests.TwoSegments(ConsoleFormApiTests.FreeSlot()));
        await browser.ScreenshotAsync("console-form-composite");
        await page.GetByTestId("run").ClickAsync();

        await Expect(page.GetByTestId("result")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=saga] [data-testid=status]").First).ToHaveTextAsync(nameof(SagaStatus.Completed));
        await Expect(page.Locator($"[data-testid=ledger] tr[data-name={AppointmentSteps.BookSegment(2)}][data-status=Completed]")).ToBeVisibleAsync();
        browser.PageErrors.Should().BeEmpty();
    }

    [Fact]
    public async Task TestPage_UnknownSagaType_SaysSoInsteadOfShowingAnotherForm()
    {
        await using var console = await ConsoleServer.StartAsync(fixture);
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        await page.GotoAsync($"{console.Url}/#/test/RocketLaunch");

        await Expect(page.GetByTestId("unknown-form")).ToContainTextAsync("No test form for the saga type 'RocketLaunch'");
        await Expect(page.GetByTestId("unknown-form")).ToContainTextAsync("SeatReservation");
        await Expect(page.GetByTestId("saga-form")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("console-form-unknown-type");
        await page.GetByTestId("tab-SeatReservation").ClickAsync();
        await Expect(page.Locator("[data-testid=saga-form][data-saga-type=SeatReservation]")).ToBeVisibleAsync();
        browser.PageErrors.Should().BeEmpty();
    }
}
