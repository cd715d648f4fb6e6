using TemporalSagas.Activities.Calcom;

namespace TemporalSagas.Tests.Activities.Appointments;

/// <summary>Issue 18 point 4: <c>appointment calcom-check</c> finds a wrong key, a missing event type and a list scope
/// that cannot see a team's bookings before the first saga fails on them — over HTTP against the spec-faithful stub.</summary>
public sealed class CalcomConfigurationCheckTests : IAsyncLifetime
{
    private CalcomStub stub = null!;

    public async Task InitializeAsync() => stub = await CalcomStub.StartAsync();

    public async Task DisposeAsync() => await stub.DisposeAsync();

    private CalcomOptions Options(string apiKey = CalcomStub.ApiKey) =>
        new() { ApiKey = apiKey, BaseUrl = stub.BaseUrl, ApiVersion = CalcomStub.ApiVersion };

    [Fact]
    public async Task Run_GoodConfiguration_NoProblemAndTheTeamEventTypeIsFlaggedForItsListScope()
    {
        var findings = await CalcomConfigurationCheck.RunAsync(
            Options(), new Dictionary<int, string> { [SimulatedCalendarData.RoundRobinEventTypeId] = "Calcom:DefaultEventTypeId" }, null, default);

        findings.Should().NotContain(f => f.Severity == CalcomFinding.Problem);
        findings.Should().Contain(f => f.Severity == CalcomFinding.Ok && f.Subject == "Calcom:ApiKey" && f.Message.Contains("user 101"));
        findings.Should().Contain(f => f.Severity == CalcomFinding.Ok && f.Message.Contains("30 min"));
        findings.Should().ContainSingle(f => f.Severity == CalcomFinding.Warning).Which.Message.Should().Contain("admin");
        stub.Count("GET /v2/bookings").Should().Be(1);
    }

    [Fact]
    public async Task Run_WrongKey_IsAProblemNamingTheKeyAndChecksNothingElse()
    {
        var findings = await CalcomConfigurationCheck.RunAsync(Options("cal_wrong"), new Dictionary<int, string> { [1] = "x" }, null, default);

        findings.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Severity = CalcomFinding.Problem, Subject = "Calcom:ApiKey" });
        findings[0].Message.Should().Contain("401").And.Contain("Invalid API Key");
    }

    [Fact]
    public async Task Run_UnknownEventType_IsAProblemNamingWhoUsesIt()
    {
        var findings = await CalcomConfigurationCheck.RunAsync(Options(), new Dictionary<int, string> { [999_999] = "staff s-9" }, null, default);

        findings.Should().ContainSingle(f => f.Severity == CalcomFinding.Problem).Which.Should().BeEquivalentTo(
            new { Subject = "event type 999999 (staff s-9)" });
        findings.Single(f => f.Severity == CalcomFinding.Problem).Message.Should().Contain("404");
    }

    [Fact]
    public async Task Run_NoKey_SaysTheSagasUseTheSimulatedCalendar()
    {
        var findings = await CalcomConfigurationCheck.RunAsync(new CalcomOptions(), new Dictionary<int, string>(), null, default);

        findings.Should().ContainSingle().Which.Message.Should().Contain("SIMULATED");
        stub.Count("GET /v2/me").Should().Be(0);
    }
}
