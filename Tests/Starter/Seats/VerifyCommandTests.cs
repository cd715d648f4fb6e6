using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Activities.Seats.Data;
using TemporalSagas.Client;
using TemporalSagas.Starter;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Tests.Activities;

namespace TemporalSagas.Tests.Starter.Seats;

/// <summary><c>starter verify</c>: exit 0 on balanced books, exit 1 with every violation listed, read-only.</summary>
public sealed class VerifyCommandTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task Verify_BalancedDemoData_ExitsZero()
    {
        var (exit, json) = await VerifyAsync();

        exit.Should().Be(ExitCodes.Success);
        json.GetProperty("ok").GetBoolean().Should().BeTrue();
        json.GetProperty("domains").EnumerateArray().Select(d => d.GetString()).Should().Contain(["flights", "orders", "seats"]);
    }

    [Fact]
    public async Task Verify_SeatsTakenWithoutAHold_ExitsOneListingTheViolationAndWritesNothing()
    {
        await using (var context = db.NewContext())
        {
            await context.SeatZones().Where(z => z.Id == SeatDemoData.Balcony).ExecuteUpdateAsync(s => s.SetProperty(z => z.Available, 150));
        }

        var (exit, json) = await VerifyAsync();

        exit.Should().Be(ExitCodes.SagaFailed);
        var violation = json.GetProperty("violations").EnumerateArray().Should().ContainSingle().Subject;
        violation.GetProperty("invariant").GetString().Should().Be("seats-balance");
        violation.GetProperty("subject").GetString().Should().Be(SeatDemoData.Balcony);
        await using var after = db.NewContext();
        (await after.SeatZones().SingleAsync(z => z.Id == SeatDemoData.Balcony)).Available.Should().Be(150, "verify never repairs");
    }

    [Fact]
    public async Task Verify_NoDatabase_BadInputNamingThePath()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"none-{Guid.NewGuid():N}", "sagas.db");
        var output = new StringWriter();

        var exit = await StarterCli.RunAsync(["verify", "--json"], new CliConsole(output, new StringWriter()), Starter.CliHarness.Database($"Data Source={missing}"));

        exit.Should().Be(ExitCodes.BadInput);
        output.ToString().Should().Contain("no sagas database at").And.Contain("none-");
    }

    private async Task<(int Exit, JsonElement Json)> VerifyAsync()
    {
        var output = new StringWriter();
        var exit = await StarterCli.RunAsync(["verify", "--json"], new CliConsole(output, new StringWriter()), Starter.CliHarness.Database(db.ConnectionString));
        using var document = JsonDocument.Parse(output.ToString());
        return (exit, document.RootElement.Clone());
    }
}
