using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Temporalio.Api.Enums.V1;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Appointments.Data;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Client.Appointments;
using TemporalSagas.Starter.Appointments;
using TemporalSagas.Tests.Activities.Appointments;
using TemporalSagas.Worker;
using TemporalSagas.Workflows.Saga;
using static TemporalSagas.Tests.EndToEnd.Appointments.AppointmentE2E;

namespace TemporalSagas.Tests.EndToEnd.Appointments;

/// <summary>
/// The creation saga against the Cal.com client over real HTTP: a real worker host (configured with an API key and a
/// local stub that answers like Cal.com) with its own database and task queue, on the shared dev server.
/// </summary>
[Collection(DevServerCollection.Name)]
public sealed class CalcomOutageEndToEndTests(DevServerFixture fixture) : IAsyncLifetime
{
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), $"sagas-calcom-{Guid.NewGuid():N}");
    private readonly string taskQueue = $"calcom-{Guid.NewGuid():N}";
    private CalcomStub stub = null!;
    private IHost worker = null!;

    private string ConnectionString => $"Data Source={Path.Combine(dataDir, "sagas.db")}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(dataDir);
        stub = await CalcomStub.StartAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Test" });
        var settings = CalcomClients.Settings(stub, attemptTimeoutSeconds: 2);
        settings["ConnectionStrings:Sagas"] = ConnectionString;
        settings["Faults:Enabled"] = "true";
        settings["Serilog:MinimumLevel:Default"] = "Warning";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSagaWorker(o =>
        {
            o.Address = fixture.Client.Connection.Options.TargetHost!;
            o.Namespace = fixture.Client.Options.Namespace;
            o.TaskQueue = taskQueue;
            o.ConsoleLog = false;
            o.LogDirectory = null;
            o.MetricsPort = null;
        });
        worker = builder.Build();
        await worker.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await worker.StopAsync();
        worker.Dispose();
        await stub.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataDir, recursive: true);
    }

    [Fact]
    public async Task Creation_CalcomAnswers429Then500ThenTooLateAndTheDatabaseFailsTwice_RetriesReconcilesAndBooksOnce()
    {
        const string create = "POST /v2/bookings";
        stub.Enqueue(create, StubFault.Answer(HttpStatusCode.TooManyRequests), StubFault.Answer(HttpStatusCode.InternalServerError), StubFault.Slow(TimeSpan.FromSeconds(5)));
        var input = Creation() with { Faults = new FaultPlan(TransientAt: AppointmentSteps.CreateLocalAppointment, TransientFailures: 2) };

        var handle = await AppointmentSagaClient.StartCreationAsync(fixture.Client, input, taskQueue);
        var result = await handle.GetResultAsync().WaitAsync(SagaTimeout);

        result.Success.Should().BeTrue(result.Error);
        result.Booking!.Calendar.Should().Be("cal.com");
        stub.Count(create).Should().Be(3, "429, 500, then the create whose answer came too late; the 4th attempt found it by its key");
        var key = stub.BookingsWithKey($"{handle.Id}/{handle.ResultRunId}/{AppointmentSteps.CreateCalcomBooking}").Should().ContainSingle("one booking, not two").Subject;
        key["uid"]!.GetValue<string>().Should().Be(result.Booking.Uid);
        stub.LiveBookings().Should().Be(1);
        await using var db = new SagasDbContext(SagaDatabase.Options(ConnectionString));
        (await db.Appointments().SingleAsync(a => a.Id == input.AppointmentId)).CalcomBookingUid.Should().Be(result.Booking.Uid);
        var attempts = (await handle.FetchHistoryAsync()).Events
            .Where(e => e.EventType == EventType.ActivityTaskStarted).Select(e => e.ActivityTaskStartedEventAttributes.Attempt).ToList();
        // The 429 ends its activity and the saga waits out the block on a durable timer; the next activity meets the 500
        // (retried inside the client), then the too-late answer, and its 2nd attempt finds the booking by its key.
        (await handle.FetchHistoryAsync()).Events.Should().Contain(e => e.EventType == EventType.TimerStarted, "the 429 is waited out on a timer");
        attempts.Should().Contain(2, "an attempt after the too-late answer reconciled by the key");
        result.SagaLog.Single(s => s.Name == AppointmentSteps.CreateLocalAppointment).Status.Should().Be(StepStatus.Completed);
        var settings = CalcomClients.Settings(stub);
        settings["ConnectionStrings:Sagas"] = ConnectionString;
        (await VerifyAsync(settings, input.AppointmentId, result.Booking.Uid)).Should().BeEmpty();
    }

    [Fact]
    public async Task Creation_LocalRecordFails_CancelsTheCalcomBookingOverHttp()
    {
        var input = Creation() with { Faults = new FaultPlan(FailAt: AppointmentSteps.CreateLocalAppointment) };

        var result = await (await AppointmentSagaClient.StartCreationAsync(fixture.Client, input, taskQueue)).GetResultAsync().WaitAsync(SagaTimeout);

        result.Status.Should().Be(SagaStatus.Compensated);
        stub.LiveBookings().Should().Be(0);
        stub.Count("POST /v2/bookings/{uid}/cancel").Should().Be(1);
        await using var db = new SagasDbContext(SagaDatabase.Options(ConnectionString));
        (await db.Appointments().AnyAsync(a => a.Id == input.AppointmentId)).Should().BeFalse();
    }

    // Issue 18 point 3: the key's quota was used by another client; Cal.com refuses for the whole block (30 s here,
    // 60 s in production) with X-RateLimit-Reset-Default and no Retry-After. The saga waits the block out on a durable
    // timer instead of spending its retries inside it (which ended Compensated, CALCOM_UNAVAILABLE, no appointment).
    [Fact]
    public async Task Creation_KeyQuotaUsedUpByAnotherClient_WaitsTheBlockOutAndBooks()
    {
        stub.BlockDuration = TimeSpan.FromSeconds(30);
        stub.ExhaustQuota();
        var input = Creation();

        var handle = await AppointmentSagaClient.StartCreationAsync(fixture.Client, input, taskQueue);
        var result = await handle.GetResultAsync().WaitAsync(SagaTimeout);

        result.Success.Should().BeTrue(result.Error);
        stub.LiveBookings().Should().Be(1);
        stub.Refused.Should().BeLessThanOrEqualTo(2, "one refused request starts the wait; none is spent inside the block");
        (await handle.FetchHistoryAsync()).Events.Should().Contain(e => e.EventType == EventType.TimerStarted);
    }

    // Issue 18, "cancel during create": the workflow is cancelled while Cal.com still processes the POST. The request
    // is not aborted (a local fence cannot stop a request already sent); the saga waits for its answer and cancels
    // the booking it made: no orphan.
    [Fact]
    public async Task Creation_CancelledWhileCalcomProcessesTheCreate_LeavesNoLiveBooking()
    {
        stub.Enqueue("POST /v2/bookings", StubFault.SlowProcessing(TimeSpan.FromSeconds(4)));
        var input = Creation();

        var handle = await AppointmentSagaClient.StartCreationAsync(fixture.Client, input, taskQueue);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (stub.Count("POST /v2/bookings") == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(500);
        await handle.CancelAsync();
        var act = () => handle.GetResultAsync().WaitAsync(SagaTimeout);
        await act.Should().ThrowAsync<Temporalio.Exceptions.WorkflowFailedException>();
        await stub.SettleAsync();

        stub.AllBookings().Should().ContainSingle("the create landed");
        stub.LiveBookings().Should().Be(0, "the saga waited for the create and cancelled the booking it made");
        await using var db = new SagasDbContext(SagaDatabase.Options(ConnectionString));
        (await db.Appointments().AnyAsync(a => a.Id == input.AppointmentId && a.DeletedUtc == null)).Should().BeFalse(
            "the local record the saga settled after the cancel is compensated (soft-deleted) with the booking");
    }
}
