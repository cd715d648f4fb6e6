using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Calcom;

namespace TemporalSagas.Tests.Activities.Appointments;

/// <summary>What only the HTTP client does: headers, error bodies, retries of safe requests, timeouts and answers that
/// are not JSON — over real HTTP against <see cref="CalcomStub"/>.</summary>
public sealed class CalcomHttpCalendarTests : IAsyncLifetime
{
    private const string Create = "POST /v2/bookings";
    private const string Get = "GET /v2/bookings/{uid}";
    private static readonly DateTime Start = new(2031, 4, 7, 9, 0, 0, DateTimeKind.Utc);

    private CalcomStub stub = null!;
    private ServiceProvider services = null!;

    private ICalendar Calendar => services.GetRequiredService<ICalendar>();

    public async Task InitializeAsync()
    {
        stub = await CalcomStub.StartAsync();
        services = CalcomClients.For(stub, attemptTimeoutSeconds: 1);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await stub.DisposeAsync();
    }

    [Fact]
    public async Task CreateAsync_Always_SendsTheBearerKeyAndTheApiVersion()
    {
        await Calendar.CreateAsync(New("key-1"), default);

        stub.Headers.Should().ContainSingle().Which.Should().Be(($"Bearer {CalcomStub.ApiKey}", CalcomStub.ApiVersion));
        stub.BookingsWithKey("key-1").Should().ContainSingle();
    }

    [Fact]
    public async Task CreateAsync_WrongApiKey_FailsCalcomAuthNonRetryably()
    {
        await using var wrong = CalcomClients.For(stub, apiKey: "cal_wrong");

        var act = () => wrong.GetRequiredService<ICalendar>().CreateAsync(New("key-1"), default);

        var failure = (await act.Should().ThrowAsync<ApplicationFailureException>()).Which;
        failure.ErrorType.Should().Be(CalcomErrors.Auth);
        failure.NonRetryable.Should().BeTrue();
        failure.Message.Should().Contain("401").And.Contain("Invalid API Key");
    }

    [Fact]
    public async Task CreateAsync_ValidationError_FailsInvalidInputWithCalcomsMessage()
    {
        var act = () => Calendar.CreateAsync(New("key-1") with { TimeZone = null! }, default);

        var failure = (await act.Should().ThrowAsync<ApplicationFailureException>()).Which;
        failure.ErrorType.Should().Be("INVALID_INPUT");
        failure.NonRetryable.Should().BeTrue();
        failure.Message.Should().Contain("attendee.name, attendee.email, attendee.timeZone and start are required");
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task CreateAsync_TransientAnswer_FailsRetryablyWithoutRepeatingThePost(HttpStatusCode status)
    {
        stub.Enqueue(Create, StubFault.Answer(status));

        var act = () => Calendar.CreateAsync(New("key-1"), default);

        var failure = (await act.Should().ThrowAsync<ApplicationFailureException>()).Which;
        failure.ErrorType.Should().Be(CalcomErrors.Unavailable);
        failure.NonRetryable.Should().BeFalse();
        stub.Count(Create).Should().Be(1, "a create is never repeated blindly by the HTTP client: the saga reconciles it first");
        stub.LiveBookings().Should().Be(0);
    }

    [Fact]
    public async Task CreateAsync_AnswerTooSlow_FailsRetryablyAndTheBookingMadeMeanwhileIsFoundByItsKey()
    {
        stub.Enqueue(Create, StubFault.Slow(TimeSpan.FromSeconds(3)));
        await using var impatient = CalcomClients.For(stub, attemptTimeoutSeconds: 1, createTimeoutSeconds: 1);

        var act = () => impatient.GetRequiredService<ICalendar>().CreateAsync(New("key-1"), default);

        (await act.Should().ThrowAsync<ApplicationFailureException>()).Which.ErrorType.Should().Be(CalcomErrors.Unavailable);
        var found = await Calendar.FindByIdempotencyKeyAsync("key-1", new("ann@example.com", Start, 30), default);
        found.Should().NotBeNull("the stub made the booking before its answer was lost");
        found!.Uid.Should().Be(stub.BookingsWithKey("key-1").Single()["uid"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateAsync_MalformedJson_FailsRetryably()
    {
        stub.Enqueue(Create, StubFault.MalformedJson());

        var act = () => Calendar.CreateAsync(New("key-1"), default);

        var failure = (await act.Should().ThrowAsync<ApplicationFailureException>()).Which;
        failure.ErrorType.Should().Be(CalcomErrors.Unavailable);
        failure.Message.Should().Contain("malformed");
    }

    [Fact]
    public async Task GetAsync_503Then500ThenOk_IsRetriedByThePipelineAndAnswers()
    {
        var booking = await Calendar.CreateAsync(New("key-1"), default);
        stub.Enqueue(Get, StubFault.Answer(HttpStatusCode.ServiceUnavailable), StubFault.Answer(HttpStatusCode.InternalServerError));

        var got = await Calendar.GetAsync(booking.Uid, default);

        got!.Uid.Should().Be(booking.Uid);
        stub.Count(Get).Should().Be(3);
    }

    [Fact]
    public async Task GetAsync_SlowThenOk_TimesOutTheAttemptAndRetries()
    {
        var booking = await Calendar.CreateAsync(New("key-1"), default);
        stub.Enqueue(Get, new StubFault(Delay: TimeSpan.FromSeconds(3)));

        var got = await Calendar.GetAsync(booking.Uid, default);

        got!.Uid.Should().Be(booking.Uid);
        stub.Count(Get).Should().Be(2);
    }

    [Fact]
    public async Task GetAsync_ServerDownOnEveryAttempt_FailsRetryablyAfterTheRetries()
    {
        stub.Enqueue(Get, [.. Enumerable.Repeat(StubFault.Answer(HttpStatusCode.BadGateway), 10)]);

        var act = () => Calendar.GetAsync("stub-0001", default);

        (await act.Should().ThrowAsync<ApplicationFailureException>()).Which.ErrorType.Should().Be(CalcomErrors.Unavailable);
        stub.Count(Get).Should().Be(4, "one attempt and the three configured retries");
    }

    // input.service.ts, validateBookingLengthInMinutes: lengthInMinutes is refused unless the event type has several lengths.
    [Fact]
    public async Task CreateAsync_Always_SendsNoLengthInMinutes()
    {
        await Calendar.CreateAsync(New("key-1"), default);

        stub.CreateBodies.Should().ContainSingle().Which.ContainsKey("lengthInMinutes").Should().BeFalse();
    }

    // The global exception filter puts the validation pipe's messages in error.details.
    [Fact]
    public async Task CreateAsync_MetadataRefusedByValidation_FailsInvalidInputWithCalcomsDetails()
    {
        var act = () => Calendar.CreateAsync(New("key-1") with { Metadata = new Dictionary<string, string> { [new string('k', 41)] = "v" } }, default);

        var failure = (await act.Should().ThrowAsync<ApplicationFailureException>()).Which;
        failure.ErrorType.Should().Be("INVALID_INPUT");
        failure.Message.Should().Contain("metadata must be an object with up to 50 keys");
    }

    // throttler-guard.ts: 429 for the block (60 s) with X-RateLimit-Reset-Default and no Retry-After.
    [Fact]
    public async Task CreateAsync_KeyOverItsQuota_FailsRateLimitedWithTheResetDelayAfterOneRequest()
    {
        stub.ExhaustQuota();

        var act = () => Calendar.CreateAsync(New("key-1"), default);

        var failure = (await act.Should().ThrowAsync<ApplicationFailureException>()).Which;
        failure.ErrorType.Should().Be("CALCOM_RATE_LIMITED");
        failure.Details.ElementAt<double>(0).Should().BeInRange(50, 60, "the block's remaining seconds from X-RateLimit-Reset-Default");
        stub.Count(Create).Should().Be(1);
    }

    [Fact]
    public async Task GetAsync_KeyOverItsQuota_IsNotRetriedInsideTheBlock()
    {
        stub.ExhaustQuota();

        var act = () => Calendar.GetAsync("stub-0001", default);

        (await act.Should().ThrowAsync<ApplicationFailureException>()).Which.ErrorType.Should().Be("CALCOM_RATE_LIMITED");
        stub.Count(Get).Should().Be(1, "retries 0.5, 1 and 2 s later would all land inside the 60 s block");
    }

    // output.service.ts: a booking without organizer has host id "unknown" (a string).
    [Fact]
    public async Task GetAsync_BookingWithoutOrganizer_ReadsItWithoutHost()
    {
        var raw = RawBooking("stub-raw-1", Start, "ann@example.com", "k");
        raw["hosts"] = new JsonArray(new JsonObject { ["id"] = "unknown", ["name"] = "unknown", ["email"] = "unknown" });
        stub.AddRaw(raw);

        var booking = await Calendar.GetAsync("stub-raw-1", default);

        booking!.Uid.Should().Be("stub-raw-1");
        booking.Hosts.Should().BeEmpty("an organizer Cal.com does not know is no host");
    }

    // A recurring series' uid answers the array of its occurrences.
    [Fact]
    public async Task GetAsync_RecurringSeriesUid_AnswersAnOccurrenceInsteadOfAMalformedAnswer()
    {
        stub.AddSeries("series-1", RawBooking("occ-1", Start, "ann@example.com", "k"), RawBooking("occ-2", Start.AddDays(7), "ann@example.com", "k"));

        var booking = await Calendar.GetAsync("series-1", default);

        booking!.Uid.Should().Be("occ-1");
    }

    // GET /v2/bookings pages with take/skip: the key's booking may be on any page.
    [Fact]
    public async Task FindByIdempotencyKeyAsync_MoreThanAPageOfTheAttendeesBookings_ReadsEveryPage()
    {
        for (var i = 0; i < 150; i++)
        {
            stub.AddRaw(RawBooking($"stub-other-{i}", Start, "ann@example.com", $"other-{i}"));
        }

        var booking = await Calendar.CreateAsync(New("key-1"), default);

        (await Calendar.FindByIdempotencyKeyAsync("key-1", new("ann@example.com", Start, 30), default))?.Uid.Should().Be(booking.Uid);
    }

    [Fact]
    public async Task CancelAsync_BookingThatEnded_FailsBookingEndedNonRetryably()
    {
        var past = DateTime.UtcNow.Date.AddDays(-2).AddHours(9);
        var booking = await Calendar.CreateAsync(New("key-1") with { StartUtc = past }, default);

        var act = () => Calendar.CancelAsync(booking.Uid, "test", default);

        var failure = (await act.Should().ThrowAsync<ApplicationFailureException>()).Which;
        failure.ErrorType.Should().Be("BOOKING_ENDED");
        failure.NonRetryable.Should().BeTrue();
    }

    private static JsonObject RawBooking(string uid, DateTime start, string email, string key) => new()
    {
        ["id"] = 9000 + Math.Abs(uid.GetHashCode(StringComparison.Ordinal) % 900),
        ["uid"] = uid,
        ["status"] = CalendarBooking.Accepted,
        ["start"] = start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["end"] = start.AddMinutes(30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["eventTypeId"] = 1000,
        ["hosts"] = new JsonArray(new JsonObject { ["id"] = 999, ["name"] = "Someone", ["email"] = "someone@example.com" }),
        ["attendees"] = new JsonArray(new JsonObject { ["name"] = "Ann", ["email"] = email, ["timeZone"] = "UTC" }),
        ["metadata"] = new JsonObject { [CalendarBooking.IdempotencyKeyField] = key, [CalendarBooking.SourceField] = CalendarBooking.Source },
    };

    private static NewBooking New(string key) => new(SimulatedCalendarData.RoundRobinEventTypeId, Start, 30, "Ann Example", "ann@example.com", "UTC", key);
}
