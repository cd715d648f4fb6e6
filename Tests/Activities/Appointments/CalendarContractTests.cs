using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Calcom;

namespace TemporalSagas.Tests.Activities.Appointments;

/// <summary>
/// One test set, run against both calendars behind <see cref="ICalendar"/>: the Cal.com client over real HTTP to
/// <see cref="CalcomStub"/>, and the simulated calendar over a real SQLite database. Whatever the sagas rely on
/// must hold for both.
/// </summary>
public abstract class CalendarContractTests : IAsyncLifetime
{
    private static readonly DateTime Day = new(2031, 3, 3, 0, 0, 0, DateTimeKind.Utc);

    protected ICalendar Calendar { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task CreateAsync_FreeSlot_BooksAHostWithTheKeyInItsMetadata()
    {
        var booking = await Calendar.CreateAsync(New("key-1", Day.AddHours(9)), default);

        booking.Status.Should().Be(CalendarBooking.Accepted);
        booking.StartUtc.Should().Be(Day.AddHours(9));
        booking.EndUtc.Should().Be(Day.AddHours(9.5));
        booking.Hosts.Should().ContainSingle().Which.Id.Should().Be(101);
        booking.IdempotencyKey.Should().Be("key-1");
        booking.Metadata[CalendarBooking.SourceField].Should().Be(CalendarBooking.Source);
        (await Calendar.GetAsync(booking.Uid, default)).Should().BeEquivalentTo(booking);
    }

    [Fact]
    public async Task CreateAsync_HostsSlotTaken_FailsSlotUnavailableNonRetryably()
    {
        await Calendar.CreateAsync(New("key-1", Day.AddHours(9), eventType: 1001), default);

        var act = () => Calendar.CreateAsync(New("key-2", Day.AddHours(9.25), eventType: 1001), default);

        var failure = (await act.Should().ThrowAsync<ApplicationFailureException>()).Which;
        failure.ErrorType.Should().Be(CalcomErrors.SlotUnavailable);
        failure.NonRetryable.Should().BeTrue();
    }

    [Fact]
    public async Task CreateAsync_RoundRobinWithFirstHostBusy_BooksTheNextHost()
    {
        await Calendar.CreateAsync(New("key-1", Day.AddHours(9), eventType: 1001), default);

        var booking = await Calendar.CreateAsync(New("key-2", Day.AddHours(9)), default);

        booking.Hosts.Single().Id.Should().Be(102);
    }

    [Fact]
    public async Task FindByIdempotencyKeyAsync_KeyOfAMadeBooking_FindsItAndNothingForOtherKeys()
    {
        var booking = await Calendar.CreateAsync(New("key-1", Day.AddHours(9)), default);
        await Calendar.CreateAsync(New("key-2", Day.AddHours(11)), default);

        (await Calendar.FindByIdempotencyKeyAsync("key-1", Search(Day.AddHours(9)), default))!.Uid.Should().Be(booking.Uid);
        (await Calendar.FindByIdempotencyKeyAsync("key-3", Search(Day.AddHours(9)), default)).Should().BeNull();
    }

    [Fact]
    public async Task GetAsync_UnknownUid_ReturnsNull()
    {
        (await Calendar.GetAsync("no-such-booking", default)).Should().BeNull();
    }

    [Fact]
    public async Task CancelAsync_Twice_CancelsOnceAndAnswersTheCancelledBookingAgain()
    {
        var booking = await Calendar.CreateAsync(New("key-1", Day.AddHours(9)), default);

        var first = await Calendar.CancelAsync(booking.Uid, "test", default);
        var second = await Calendar.CancelAsync(booking.Uid, "test", default);

        first.Status.Should().Be(CalendarBooking.Cancelled);
        second.Status.Should().Be(CalendarBooking.Cancelled);
        (await Calendar.GetAsync(booking.Uid, default))!.IsLive.Should().BeFalse();
        (await Calendar.CreateAsync(New("key-2", Day.AddHours(9), eventType: 1001), default)).Status.Should().Be(CalendarBooking.Accepted, "the slot is free again");
    }

    [Fact]
    public async Task CancelAsync_UnknownUid_FailsBookingNotFound()
    {
        var act = () => Calendar.CancelAsync("no-such-booking", "test", default);

        (await act.Should().ThrowAsync<ApplicationFailureException>()).Which.ErrorType.Should().Be(CalcomErrors.BookingNotFound);
    }

    [Fact]
    public async Task RescheduleAsync_FreeSlot_BooksAnewAndTheOldBookingPointsToIt()
    {
        var booking = await Calendar.CreateAsync(New("key-1", Day.AddHours(9)), default);

        var moved = await Calendar.RescheduleAsync(booking.Uid, Day.AddHours(13), "test", default);

        moved.Uid.Should().NotBe(booking.Uid);
        moved.StartUtc.Should().Be(Day.AddHours(13));
        moved.EndUtc.Should().Be(Day.AddHours(13.5));
        moved.IsLive.Should().BeTrue();
        var old = await Calendar.GetAsync(booking.Uid, default);
        old!.IsLive.Should().BeFalse();
        old.RescheduledToUid.Should().Be(moved.Uid);
    }

    [Fact]
    public async Task RescheduleAsync_IntoAnotherBookingOfTheHost_FailsSlotUnavailable()
    {
        var first = await Calendar.CreateAsync(New("key-1", Day.AddHours(9), eventType: 1001), default);
        await Calendar.CreateAsync(New("key-2", Day.AddHours(10), eventType: 1001), default);

        var act = () => Calendar.RescheduleAsync(first.Uid, Day.AddHours(10), "test", default);

        (await act.Should().ThrowAsync<ApplicationFailureException>()).Which.ErrorType.Should().Be(CalcomErrors.SlotUnavailable);
    }

    [Fact]
    public async Task ListOursAsync_Window_ReturnsTheSagasBookingsStartingInIt()
    {
        var inside = await Calendar.CreateAsync(New("key-1", Day.AddHours(9)), default);
        await Calendar.CreateAsync(New("key-2", Day.AddDays(10)), default);

        var listed = await Calendar.ListOursAsync(Day, Day.AddDays(1), default);

        listed.Select(b => b.Uid).Should().Equal(inside.Uid);
    }

    // Cal.com (input.service.ts, validateBookingLengthInMinutes): the booking's length is the event type's; a
    // request for another length does not change it (and sending lengthInMinutes would be refused).
    [Fact]
    public async Task CreateAsync_RequestedLengthOtherThanTheEventTypes_BooksTheEventTypesLength()
    {
        var booking = await Calendar.CreateAsync(New("key-1", Day.AddHours(9)) with { LengthMinutes = 45 }, default);

        booking.EndUtc.Should().Be(Day.AddHours(9.5), "the event type lasts 30 minutes");
    }

    [Fact]
    public async Task FindByIdempotencyKeyAsync_RequestShorterThanTheEventType_StillFindsTheBooking()
    {
        var booking = await Calendar.CreateAsync(New("key-1", Day.AddHours(9)) with { LengthMinutes = 15 }, default);

        var found = await Calendar.FindByIdempotencyKeyAsync("key-1", new("ann@example.com", Day.AddHours(9), 15), default);

        found.Should().NotBeNull("the lookup window must not assume the requested length").And.Subject.As<CalendarBooking>().Uid.Should().Be(booking.Uid);
    }

    // errors.service.ts: "Event type with id X not found." is a 404 about configuration, not about a booking.
    [Fact]
    public async Task CreateAsync_UnknownEventType_FailsAsAConfigurationErrorNotBookingNotFound()
    {
        var act = () => Calendar.CreateAsync(New("key-1", Day.AddHours(9), eventType: 4242), default);

        var failure = (await act.Should().ThrowAsync<ApplicationFailureException>()).Which;
        failure.ErrorType.Should().Be("CALCOM_EVENT_TYPE_NOT_FOUND");
        failure.NonRetryable.Should().BeTrue();
    }

    [Fact]
    public async Task CreateAsync_EveryHostOfTheTeamBusy_FailsSlotUnavailable()
    {
        foreach (var (key, eventType) in new[] { ("a", 1001), ("b", 1002), ("c", 1003) })
        {
            await Calendar.CreateAsync(New(key, Day.AddHours(9), eventType), default);
        }

        var act = () => Calendar.CreateAsync(New("key-4", Day.AddHours(9)), default);

        (await act.Should().ThrowAsync<ApplicationFailureException>()).Which.ErrorType.Should().Be(CalcomErrors.SlotUnavailable);
    }

    // bookings.service.ts, canRescheduleBooking: a cancelled booking cannot be rescheduled (400).
    [Fact]
    public async Task RescheduleAsync_CancelledBooking_FailsBookingCancelledNonRetryably()
    {
        var booking = await Calendar.CreateAsync(New("key-1", Day.AddHours(9)), default);
        await Calendar.CancelAsync(booking.Uid, "test", default);

        var act = () => Calendar.RescheduleAsync(booking.Uid, Day.AddHours(13), "test", default);

        var failure = (await act.Should().ThrowAsync<ApplicationFailureException>()).Which;
        failure.ErrorType.Should().Be("BOOKING_CANCELLED");
        failure.NonRetryable.Should().BeTrue();
    }

    // validate-metadata.ts: string values of at most 500 characters; a long workflow id must not make Cal.com refuse.
    [Fact]
    public async Task CreateAsync_IdempotencyKeyLongerThanCalcomsMetadataAllows_BooksAndIsFoundByTheKey()
    {
        var key = "appointment-create-" + new string('x', 700) + "/run/CREATE_CALCOM_BOOKING";

        var booking = await Calendar.CreateAsync(New(key, Day.AddHours(9)), default);

        booking.Metadata.Values.Should().OnlyContain(v => v.Length <= 500);
        (await Calendar.FindByIdempotencyKeyAsync(key, Search(Day.AddHours(9)), default))!.Uid.Should().Be(booking.Uid);
    }

    [Fact]
    public async Task FindByIdempotencyKeyAsync_BookingMovedOutOfTheWindow_FindsTheLiveBookingItWasMovedTo()
    {
        var booking = await Calendar.CreateAsync(New("key-1", Day.AddHours(9)), default);
        var moved = await Calendar.RescheduleAsync(booking.Uid, Day.AddDays(3).AddHours(9), "the attendee moved it", default);

        var found = await Calendar.FindByIdempotencyKeyAsync("key-1", Search(Day.AddHours(9)), default);

        found!.Uid.Should().Be(moved.Uid, "the lookup follows rescheduledToUid from the booking in the window");
        found.IsLive.Should().BeTrue();
    }

    protected static NewBooking New(string key, DateTime start, int eventType = SimulatedCalendarData.RoundRobinEventTypeId) =>
        new(eventType, start, 30, "Ann Example", "ann@example.com", "Europe/Berlin", key);

    protected static BookingSearch Search(DateTime start) => new("ann@example.com", start, 30);
}

public sealed class SimulatedCalendarContractTests : CalendarContractTests
{
    private TestDatabase db = null!;
    private AsyncServiceScope scope;

    public override async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync();
        scope = db.Services.CreateAsyncScope();
        Calendar = scope.ServiceProvider.GetRequiredService<ICalendar>();
        Calendar.Should().BeOfType<SimulatedCalendar>("no API key is configured");
    }

    public override async Task DisposeAsync()
    {
        await scope.DisposeAsync();
        await db.DisposeAsync();
    }
}

public sealed class CalcomHttpCalendarContractTests : CalendarContractTests
{
    private CalcomStub stub = null!;
    private ServiceProvider services = null!;

    public override async Task InitializeAsync()
    {
        stub = await CalcomStub.StartAsync();
        services = CalcomClients.For(stub);
        Calendar = services.GetRequiredService<ICalendar>();
        Calendar.Should().BeOfType<CalcomHttpCalendar>("an API key is configured");
    }

    public override async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await stub.DisposeAsync();
    }
}

/// <summary>The Cal.com client as the worker wires it (AddCalendar, section Calcom), pointed at a stub.</summary>
public static class CalcomClients
{
    public static ServiceProvider For(
        CalcomStub stub, double attemptTimeoutSeconds = 2, string apiKey = CalcomStub.ApiKey, double? createTimeoutSeconds = null) =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(Configuration(stub, attemptTimeoutSeconds, apiKey, createTimeoutSeconds))
            .AddCalendar()
            .BuildServiceProvider();

    public static IConfiguration Configuration(
        CalcomStub stub, double attemptTimeoutSeconds = 2, string apiKey = CalcomStub.ApiKey, double? createTimeoutSeconds = null) =>
        new ConfigurationBuilder().AddInMemoryCollection(Settings(stub, attemptTimeoutSeconds, apiKey, createTimeoutSeconds)).Build();

    public static Dictionary<string, string?> Settings(
        CalcomStub stub, double attemptTimeoutSeconds = 2, string apiKey = CalcomStub.ApiKey, double? createTimeoutSeconds = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Calcom:ApiKey"] = apiKey,
            ["Calcom:BaseUrl"] = stub.BaseUrl,
            ["Calcom:ApiVersion"] = CalcomStub.ApiVersion,
            ["Calcom:AttemptTimeoutSeconds"] = attemptTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Calcom:TotalTimeoutSeconds"] = "10",
            ["Calcom:RetryDelaySeconds"] = "0.05",
        };
        if (createTimeoutSeconds is { } create)
        {
            settings["Calcom:CreateTimeoutSeconds"] = create.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }
}
