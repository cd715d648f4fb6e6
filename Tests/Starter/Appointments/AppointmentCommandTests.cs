using System.Text.Json;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Appointments.Data;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Activities.Calcom.Data;
using TemporalSagas.Client;
using TemporalSagas.Starter;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Tests.Activities;

namespace TemporalSagas.Tests.Starter.Appointments;

/// <summary><c>appointment ...</c> commands that need no Temporal server: input checks and <c>verify</c>.</summary>
public sealed class AppointmentCommandTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task Create_StartNotATime_ExitsTwoNamingTheOptionAndStartsNothing()
    {
        var run = await RunAsync(["appointment", "create", "--email", "ann@example.com", "--name", "Ann", "--start", "tomorrow", "--address", "127.0.0.1:1", "--json"]);

        run.Exit.Should().Be(ExitCodes.BadInput);
        run.Error.GetProperty("option").GetString().Should().Be("--start");
    }

    [Fact]
    public async Task Sync_RescheduleWithoutNewStart_ExitsTwo()
    {
        var run = await RunAsync(["appointment", "sync", "apt-1", "--action", "reschedule", "--address", "127.0.0.1:1", "--json"]);

        run.Exit.Should().Be(ExitCodes.BadInput);
        run.Error.GetProperty("message").GetString().Should().Contain("new start");
    }

    [Fact]
    public async Task Verify_BooksBalance_ExitsZero()
    {
        await AddAsync("apt-ok", CalendarBooking.Accepted);

        var run = await RunAsync(["appointment", "verify", "--json"]);

        run.Exit.Should().Be(ExitCodes.Success, run.Output);
        run.Json.GetProperty("clean").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Verify_AppointmentOnACancelledBookingAndAnOrphanedBooking_ExitsOneListingBoth()
    {
        await AddAsync("apt-bad", CalendarBooking.Cancelled);
        await AddBookingAsync("orphan", CalendarBooking.Accepted);

        var run = await RunAsync(["appointment", "verify", "--json"]);

        run.Exit.Should().Be(ExitCodes.SagaFailed);
        run.Json.GetProperty("violations").EnumerateArray().Select(v => (v.GetProperty("invariant").GetString(), v.GetProperty("subject").GetString()))
            .Should().BeEquivalentTo([
                (AppointmentInvariantCheck.PointsAtDeadBooking, "apt-bad"),
                (AppointmentInvariantCheck.OrphanedBooking, "sim-orphan"),
            ]);
    }

    private async Task AddAsync(string appointmentId, string bookingStatus)
    {
        await AddBookingAsync(appointmentId, bookingStatus);
        await using var context = db.NewContext();
        context.Customers().Add(new Customer { Id = $"cus-{appointmentId}", Email = $"{appointmentId}@example.com", Name = "Ann" });
        context.Appointments().Add(new Appointment
        {
            Id = appointmentId,
            CustomerId = $"cus-{appointmentId}",
            CalcomBookingUid = $"sim-{appointmentId}",
            StartsUtc = DateTime.UtcNow.AddDays(3),
            EndsUtc = DateTime.UtcNow.AddDays(3).AddMinutes(30),
            IdempotencyKey = $"key-{appointmentId}",
            SagaId = "test",
        });
        await context.SaveChangesAsync();
    }

    private async Task AddBookingAsync(string name, string status)
    {
        await using var context = db.NewContext();
        context.CalendarBookings().Add(new SimulatedCalendarBooking
        {
            Uid = $"sim-{name}",
            EventTypeId = 1001,
            HostId = 101,
            StartUtc = DateTime.UtcNow.AddDays(3),
            EndUtc = DateTime.UtcNow.AddDays(3).AddMinutes(30),
            Status = status,
            AttendeeName = "Ann",
            AttendeeEmail = $"{name}@example.com",
            TimeZone = "UTC",
            MetadataJson = $"{{\"idempotencyKey\":\"key-{name}\",\"source\":\"temporalsagas\"}}",
            IdempotencyKey = $"key-{name}",
        });
        await context.SaveChangesAsync();
    }

    private async Task<Run> RunAsync(string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await StarterCli.RunAsync(args, new CliConsole(output, errors), Starter.CliHarness.Database(db.ConnectionString));
        return new(exit, output.ToString());
    }

    private sealed record Run(int Exit, string Output)
    {
        public JsonElement Json => JsonDocument.Parse(Output).RootElement.Clone();

        public JsonElement Error => Json.GetProperty("error");
    }
}
