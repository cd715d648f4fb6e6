using System.Net;
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
        failure.Message.Should().Contain("401").And.Contain("Invalid Access Token");
    }

    [Fact]
    public async Task CreateAsync_ValidationError_FailsInvalidInputWithCalcomsMessage()
    {
        var act = () => Calendar.CreateAsync(New("key-1") with { EventTypeId = 0 }, default);

        var failure = (await act.Should().ThrowAsync<ApplicationFailureException>()).Which;
        failure.ErrorType.Should().Be("INVALID_INPUT");
        failure.NonRetryable.Should().BeTrue();
        failure.Message.Should().Contain("BadRequestException: start, eventTypeId and attendee.email are required");
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.TooManyRequests)]
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

        var act = () => Calendar.CreateAsync(New("key-1"), default);

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
    public async Task GetAsync_429Then500ThenOk_IsRetriedByThePipelineAndAnswers()
    {
        var booking = await Calendar.CreateAsync(New("key-1"), default);
        stub.Enqueue(Get, StubFault.Answer(HttpStatusCode.TooManyRequests), StubFault.Answer(HttpStatusCode.InternalServerError));

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

    private static NewBooking New(string key) => new(SimulatedCalendarData.RoundRobinEventTypeId, Start, 30, "Ann Example", "ann@example.com", "UTC", key);
}
