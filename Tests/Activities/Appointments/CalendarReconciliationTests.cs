using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;
using Temporalio.Testing;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Tests.Activities.Appointments;

/// <summary>
/// The calendar activities' reconciliation (create, cancel compensation, "did it happen?") with the Cal.com client over
/// real HTTP to <see cref="CalcomStub"/> and a real SQLite database: slow creates, moved bookings, a key that cannot
/// list every booking, duplicates under one key.
/// </summary>
public sealed class CalendarReconciliationTests : IAsyncLifetime
{
    private static readonly DateTime Start = new(2031, 9, 1, 9, 0, 0, DateTimeKind.Utc);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "temporalsagas-tests", Guid.NewGuid().ToString("N"));
    private CalcomStub stub = null!;
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        stub = await CalcomStub.StartAsync();
        services = Services(createTimeoutSeconds: null);
        await SagaDatabase.MigrateAndSeedAsync(services);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await stub.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    // The issue's first reconciliation scenario: Cal.com takes 3 s to process the create while the client would give up
    // after 1 s. The create must not be abandoned (and then re-POSTed by the retry): one booking under the key.
    [Fact]
    public async Task CreateCalendarBookingAsync_CalcomSlowerThanTheHttpAttemptTimeout_BooksOnceEvenWhenRetried()
    {
        stub.Enqueue("POST /v2/bookings", StubFault.SlowProcessing(TimeSpan.FromSeconds(3)));
        var request = Booking("saga/run/CREATE_CALCOM_BOOKING");

        var first = await TryAsync(() => RunAsync<CalendarActivities, BookingResult>(a => a.CreateCalendarBookingAsync(request), attempt: 1));
        var result = first.Result ?? await RunAsync<CalendarActivities, BookingResult>(a => a.CreateCalendarBookingAsync(request), attempt: 2);
        await stub.SettleAsync();

        var live = stub.BookingsWithKey(request.IdempotencyKey).Where(b => b["status"]!.GetValue<string>() == CalendarBooking.Accepted).ToList();
        live.Should().ContainSingle("one live booking under the key, not two").Which["uid"]!.GetValue<string>().Should().Be(result.Uid);
    }

    // The create's answer is lost and the list cannot see the booking (a member's key, another host): the retry's POST
    // answers "slot taken" because of our own first booking. That is "outcome unknown", never a business failure
    // (which would drop the compensation and leave the booking live).
    [Fact]
    public async Task CreateCalendarBookingAsync_SlotTakenOnARetryAttempt_IsNotAFailureForCertain()
    {
        stub.KeyIsAdmin = false;
        stub.Enqueue("POST /v2/bookings", StubFault.Slow(TimeSpan.FromSeconds(3)));
        await using var impatient = Services(createTimeoutSeconds: 1);
        var request = Booking("saga/run/CREATE_CALCOM_BOOKING") with { EventTypeId = 1002 };
        await TryAsync(() => RunAsync<CalendarActivities, BookingResult>(a => a.CreateCalendarBookingAsync(request), attempt: 1, impatient));
        stub.BookingsWithKey(request.IdempotencyKey).Should().ContainSingle("the first attempt's booking was made; its answer was lost");

        var retry = await TryAsync(() => RunAsync<CalendarActivities, BookingResult>(a => a.CreateCalendarBookingAsync(request), attempt: 2));

        if (retry.Failure is { } failure)
        {
            failure.NonRetryable.Should().BeFalse($"a slot taken on attempt 2 may be our own booking ({failure.ErrorType}: {failure.Message})");
        }
        else
        {
            retry.Result!.Uid.Should().Be(stub.BookingsWithKey(request.IdempotencyKey).Single()["uid"]!.GetValue<string>());
        }
    }

    // The attendee moved the booking: Cal.com booked anew (outside the lookup window) and cancelled the old one with
    // rescheduledToUid. The compensation must cancel the booking it moved to, not answer "already undone".
    [Fact]
    public async Task CancelCalendarBookingAsync_BookingMovedByTheAttendee_CancelsTheBookingItWasMovedTo()
    {
        var request = Booking("saga/run/CREATE_CALCOM_BOOKING");
        var booked = await RunAsync<CalendarActivities, BookingResult>(a => a.CreateCalendarBookingAsync(request));
        var moved = stub.RescheduleByAttendee(booked.Uid, Start.AddDays(5));

        var outcome = await RunAsync<CalendarActivities, string>(a => a.CancelCalendarBookingAsync(Undo(request)));

        outcome.Should().Be(CompensationOutcome.Undone);
        stub.LiveBookings().Should().Be(0, $"the moved booking {moved} is cancelled too");
    }

    // Two creates of one key both landed (a request sent before a lost worker, then the retry): every live booking
    // under the key is cancelled, not only the newest.
    [Fact]
    public async Task CancelCalendarBookingAsync_TwoLiveBookingsUnderTheKey_CancelsBoth()
    {
        var request = Booking("saga/run/CREATE_CALCOM_BOOKING");
        await RunAsync<CalendarActivities, BookingResult>(a => a.CreateCalendarBookingAsync(request));
        await RunAsync<CalendarActivities, BookingResult>(a => a.CreateCalendarBookingAsync(request)); // attempt 1 again: a second POST
        stub.LiveBookings().Should().Be(2);

        var outcome = await RunAsync<CalendarActivities, string>(a => a.CancelCalendarBookingAsync(Undo(request)));

        outcome.Should().Be(CompensationOutcome.Undone);
        stub.LiveBookings().Should().Be(0);
    }

    // A member's key lists only the bookings its user hosts or attends: a round-robin booking that went to another host
    // is invisible to GET /v2/bookings. The compensation finds it by the uid recorded locally when the create answered.
    [Fact]
    public async Task CancelCalendarBookingAsync_MemberKeyCannotListTheBooking_FindsItByTheUidRecordedLocally()
    {
        stub.KeyIsAdmin = false;
        var busy = await RunAsync<CalendarActivities, BookingResult>(a => a.CreateCalendarBookingAsync(Booking("other/run/STEP") with { EventTypeId = 1001 }));
        var request = Booking("saga/run/CREATE_CALCOM_BOOKING");
        var booked = await RunAsync<CalendarActivities, BookingResult>(a => a.CreateCalendarBookingAsync(request));
        booked.HostIds.Should().NotContain(busy.HostIds[0], "host 101 (the key's user) is busy: the round robin took another host");

        var happened = await RunAsync<CalendarActivities, bool>(a => a.CalendarBookingHappenedAsync(new(request.IdempotencyKey, request.Search)));
        var outcome = await RunAsync<CalendarActivities, string>(a => a.CancelCalendarBookingAsync(Undo(request)));

        happened.Should().BeTrue();
        outcome.Should().Be(CompensationOutcome.Undone);
        stub.LiveBookings().Should().Be(1, "only the other saga's booking is left");
    }

    // A compensation that finds nothing fences the key; a reschedule compensation likewise must not report
    // "nothing to undo" while a reschedule could still land: a late reschedule is refused.
    [Fact]
    public async Task CancelCalendarBookingAsync_RateLimited_IsRetriedAfterTheResetNotSentToReview()
    {
        var request = Booking("saga/run/CREATE_CALCOM_BOOKING");
        await RunAsync<CalendarActivities, BookingResult>(a => a.CreateCalendarBookingAsync(request));
        stub.ExhaustQuota();

        var failure = (await TryAsync(() => RunAsync<CalendarActivities, string>(a => a.CancelCalendarBookingAsync(Undo(request))))).Failure;

        failure.Should().NotBeNull();
        failure!.NonRetryable.Should().BeFalse("a compensation waits the block out; a non-retryable failure would go to manual review");
        failure.NextRetryDelay.Should().NotBeNull().And.Subject.As<TimeSpan>().TotalSeconds.Should().BeInRange(50, 61);
    }

    private ServiceProvider Services(double? createTimeoutSeconds)
    {
        var settings = CalcomClients.Settings(stub, attemptTimeoutSeconds: 1, createTimeoutSeconds: createTimeoutSeconds);
        settings["ConnectionStrings:Sagas"] = $"Data Source={Path.Combine(directory, "sagas.db")}";
        settings["Faults:Enabled"] = "true";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSagaActivities(configuration).BuildServiceProvider();
    }

    private static CreateBookingRequest Booking(string key) => new(
        key, AppointmentSteps.CreateCalcomBooking, SimulatedCalendarData.RoundRobinEventTypeId, Start, 30, "Ann", "ann@example.com", "UTC", "apt-1");

    private static BookingUndoRequest Undo(CreateBookingRequest request) =>
        new($"{request.IdempotencyKey}/compensate", request.IdempotencyKey, request.Step, request.Search);

    private async Task<T> RunAsync<TActivities, T>(Func<TActivities, Task<T>> call, int attempt = 1, ServiceProvider? provider = null)
        where TActivities : notnull
    {
        await using var scope = (provider ?? services).CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<TActivities>();
        return await new ActivityEnvironment { Info = ActivityEnvironment.DefaultInfo with { Attempt = attempt } }.RunAsync(() => call(activities));
    }

    private static async Task<(T? Result, ApplicationFailureException? Failure)> TryAsync<T>(Func<Task<T>> call)
        where T : class
    {
        try
        {
            return (await call(), null);
        }
        catch (ApplicationFailureException e)
        {
            return (null, e);
        }
    }
}
