using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using Temporalio.Client;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Client.Appointments;
using TemporalSagas.Client.Tracing;
using TemporalSagas.Tests.Activities.Appointments;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.EndToEnd.Appointments;
using TemporalSagas.Worker.Tracing;
using TemporalSagas.Workflows.Appointments;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Operations;

/// <summary>
/// The trace of a compensated flight booking, as an operator would read it in Jaeger or Tempo: the client's start,
/// the workflow run, one span per step and per compensation in the order they ran, each attempt under its step,
/// the database commands under the attempts — one trace id for all.
/// </summary>
[Collection(DevServerCollection.Name)]
public class SagaTracingTests(DevServerFixture fixture)
{
    private const string EfCoreSource = "OpenTelemetry.Instrumentation.EntityFrameworkCore";
    private static readonly FlightBookingInput Template = new("TS100", "alice", 1, "economy", 300m, LoyaltyPointsToUse: 1_000);

    // Local steps (LocalSteps: the database-only steps as local activities) go through the other outbound call.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Trace_PaymentDeclined_StepsThenCompensationsInReverseEachWithItsAttemptsAndDatabaseCommands(bool localSteps)
    {
        var spans = new SpanLog();
        var (worker, taskQueue) = await StartTracedWorkerAsync(spans, []);
        var booking = await FlightBooks.OwnBooksAsync(fixture, Template with { PaymentMethod = "declined-card", LocalSteps = localSteps });
        var id = FlightBookingWorkflow.WorkflowId(Guid.NewGuid().ToString("N"));
        FlightBookingResult result;
        try
        {
            var handle = await TracedClient().StartWorkflowAsync(
                (FlightBookingWorkflow wf) => wf.RunAsync(booking), new WorkflowOptions(id, taskQueue));
            result = await handle.GetResultAsync();
        }
        finally
        {
            await worker.StopAsync();
            worker.Dispose();
        }

        result.Status.Should().Be(SagaStatus.Compensated);
        var all = spans.Snapshot();
        var start = all.Should().ContainSingle(s => s.DisplayName == "StartWorkflow:FlightBookingWorkflow" && Tag(s, SagaTracing.SagaId) == id).Subject;
        start.Kind.Should().Be(ActivityKind.Client);
        start.ParentSpanId.Should().Be(default(ActivitySpanId), "the start is the trace's root");
        var trace = all.Where(s => s.TraceId == start.TraceId).ToList();
        trace.Where(s => s.Source.Name == SagaTracing.SourceName).Should().OnlyContain(s => Tag(s, SagaTracing.SagaId) == id);

        var run = trace.Should().ContainSingle(s => s.DisplayName == "RunWorkflow:FlightBookingWorkflow").Subject;
        run.ParentSpanId.Should().Be(start.SpanId);
        Tag(run, SagaTracing.SagaTypeTag).Should().Be(FlightBookingWorkflow.SagaType);

        var steps = trace.Where(s => s.Source.Name == SagaTracing.SourceName && Tag(s, SagaTracing.Step) is not null && s.Kind == ActivityKind.Internal)
            .OrderBy(s => s.StartTimeUtc).ToList();
        steps.Select(s => s.DisplayName).Should().Equal(
            FlightSteps.ReserveSeat, FlightSteps.DeductLoyaltyPoints, FlightSteps.ProcessPayment,
            $"COMPENSATE_{FlightSteps.DeductLoyaltyPoints}", $"COMPENSATE_{FlightSteps.ReserveSeat}");
        steps.Select(s => Tag(s, SagaTracing.StepKind)).Should().Equal("action", "action", "action", "compensation", "compensation");
        steps.Should().OnlyContain(s => s.ParentSpanId == run.SpanId);

        var payment = steps[2];
        payment.Status.Should().Be(ActivityStatusCode.Error);
        Tag(payment, SagaTracing.ErrorType).Should().Be("PAYMENT_DECLINED");
        steps.Except([payment]).Should().OnlyContain(s => s.Status != ActivityStatusCode.Error);

        foreach (var step in steps)
        {
            var attempt = trace.Should().ContainSingle(s => s.ParentSpanId == step.SpanId, $"{step.DisplayName} ran once").Subject;
            attempt.Kind.Should().Be(ActivityKind.Server);
            attempt.DisplayName.Should().StartWith("RunActivity:");
            Tag(attempt, SagaTracing.Step).Should().Be(step.DisplayName);
            Tag(attempt, SagaTracing.StepKind).Should().Be(Tag(step, SagaTracing.StepKind));
            attempt.GetTagItem(SagaTracing.Attempt).Should().Be(1);
            Tag(attempt, SagaTracing.WorkflowId).Should().Be(id);
            if (step.DisplayName == FlightSteps.ReserveSeat)
            {
                attempt.GetTagItem(SagaTracing.Local).Should().Be(localSteps, "a local step runs as a local activity");
            }

            attempt.StartTimeUtc.Should().BeOnOrAfter(step.StartTimeUtc, "the step starts when the workflow schedules it");
            (attempt.StartTimeUtc + attempt.Duration).Should().BeOnOrBefore(step.StartTimeUtc + step.Duration, "the step lasts until its result arrives");
            if (step == payment)
            {
                attempt.Status.Should().Be(ActivityStatusCode.Error);
                Tag(attempt, SagaTracing.ErrorType).Should().Be("PAYMENT_DECLINED");
            }
            else
            {
                trace.Should().Contain(
                    s => s.Source.Name == EfCoreSource && s.ParentSpanId == attempt.SpanId,
                    $"{step.DisplayName}'s database commands hang under its attempt");
            }
        }
    }

    [Fact]
    public async Task Trace_AppointmentOnCalcom_TheHttpCallHangsUnderTheBookingAttempt()
    {
        var spans = new SpanLog();
        await using var stub = await CalcomStub.StartAsync();
        var dataDir = Directory.CreateTempSubdirectory("sagas-traces-").FullName;
        var settings = CalcomClients.Settings(stub);
        // A database of its own: a Cal.com booking in it is unknown to the simulated calendar the other tests verify.
        settings["ConnectionStrings:Sagas"] = $"Data Source={Path.Combine(dataDir, "sagas.db")}";
        settings[DatabaseSettings.ProviderSetting] = nameof(DatabaseProvider.Sqlite);
        var (worker, taskQueue) = await StartTracedWorkerAsync(spans, settings);
        AppointmentCreationResult result;
        string id;
        try
        {
            var handle = await AppointmentSagaClient.StartCreationAsync(TracedClient(), AppointmentE2E.Creation(), taskQueue);
            id = handle.Id;
            result = await handle.GetResultAsync().WaitAsync(AppointmentE2E.SagaTimeout);
        }
        finally
        {
            await worker.StopAsync();
            worker.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }

        result.Success.Should().BeTrue(result.Error);
        var all = spans.Snapshot();
        var start = all.Should().ContainSingle(s => s.Kind == ActivityKind.Client && Tag(s, SagaTracing.SagaId) == id).Subject;
        var trace = all.Where(s => s.TraceId == start.TraceId).ToList();
        var step = trace.Should().ContainSingle(s => s.DisplayName == AppointmentSteps.CreateCalcomBooking).Subject;
        var attempt = trace.Should().ContainSingle(s => s.ParentSpanId == step.SpanId).Subject;
        var call = trace.Should().ContainSingle(s => s.ParentSpanId == attempt.SpanId && s.Kind == ActivityKind.Client && Tag(s, "http.request.method") == "POST").Subject;
        Tag(call, "url.full").Should().Be($"{stub.BaseUrl.TrimEnd('/')}/bookings");
        Tag(call, "http.response.status_code").Should().Be("201");
    }

    private async Task<(IHost Worker, string TaskQueue)> StartTracedWorkerAsync(SpanLog spans, Dictionary<string, string?> settings)
    {
        var taskQueue = $"traces-{Guid.NewGuid():N}";
        settings["Tracing:Enabled"] = "true";
        var worker = await fixture.StartWorkerAsync(
            o => o.TaskQueue = taskQueue,
            settings: settings,
            build: b => b.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));
        return (worker, taskQueue);
    }

    private ITemporalClient TracedClient()
    {
        var options = (TemporalClientOptions)fixture.Client.Options.Clone();
        options.Interceptors = [new SagaTracingClientInterceptor()];
        return new TemporalClient(fixture.Client.Connection, options);
    }

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();
}
