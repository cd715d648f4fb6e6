using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Temporalio.Api.Enums.V1;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Appointments.Data;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Faults;
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
        attempts.Should().Contain(4, "the booking step ran four times");
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
}
