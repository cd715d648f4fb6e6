using System.Text.Json;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Flights;

[Collection(TimeSkippingCollection.Name)]
public class FlightBookingWorkflowTests(TimeSkippingFixture fixture) : WorkflowTestBase(fixture)
{
    private static readonly FlightBookingInput Input = new("TS100", "alice", 2, "economy", 500m, LoyaltyPointsToUse: 10_000);

    public static TheoryData<string, string, string[]> FailurePoints => new()
    {
        { FlightSteps.ReserveSeat, "INSUFFICIENT_SEATS", [] },
        { FlightSteps.DeductLoyaltyPoints, "INSUFFICIENT_POINTS", ["COMPENSATE_RESERVE_SEAT"] },
        { FlightSteps.ProcessPayment, "PAYMENT_DECLINED", ["COMPENSATE_DEDUCT_LOYALTY_POINTS", "COMPENSATE_RESERVE_SEAT"] },
        {
            FlightSteps.ConfirmBooking, "SIMULATED_FAILURE",
            ["COMPENSATE_PROCESS_PAYMENT", "COMPENSATE_DEDUCT_LOYALTY_POINTS", "COMPENSATE_RESERVE_SEAT"]
        },
    };

    [Fact]
    public async Task RunAsync_AllStepsSucceed_ReturnsConfirmedBookingInSeedFormat()
    {
        var acts = new FakeFlightActivities();
        var result = await RunAsync(acts, Input);

        result.Success.Should().BeTrue();
        result.Status.Should().Be(SagaStatus.Completed);
        result.BookingReference.Should().Be("ABCD2345");
        result.StepsCompleted.Should().Be(4);
        result.TotalSteps.Should().Be(4);
        result.SagaLog.Select(s => s.Name).Should().Equal(FlightSteps.All);
        acts.Calls.Should().Equal(FlightSteps.All, "the data check rides on RESERVE_SEAT: no local activity of its own");
        acts.Reservations.Single().Check.Should().Be(new BookingCheckRequest(Input.FlightId, Input.SeatClass, Input.UserId));

        var json = JsonSerializer.SerializeToElement(result, SagaDataConverter.JsonOptions);
        json.GetProperty("success").GetBoolean().Should().BeTrue();
        json.GetProperty("correlationId").GetString().Should().StartWith(FlightBookingWorkflow.IdPrefix);
        json.GetProperty("bookingReference").GetString().Should().Be("ABCD2345");
        json.GetProperty("sagaLog")[0].GetProperty("status").GetString().Should().Be("Completed");
    }

    [Fact]
    public async Task RunAsync_LoyaltyPointsUsed_ChargesFareMinusDiscount()
    {
        var acts = new FakeFlightActivities();
        await RunAsync(acts, Input);

        acts.Payments.Should().ContainSingle().Which.Amount.Should().Be(400m, "10,000 points at 0.01 take 100 off 500");
    }

    [Fact]
    public async Task RunAsync_NoLoyaltyPoints_SkipsTheDeductionAndChargesTheFullFare()
    {
        var acts = new FakeFlightActivities();
        var result = await RunAsync(acts, Input with { LoyaltyPointsToUse = 0 });

        result.Success.Should().BeTrue();
        result.SagaLog.Single(s => s.Name == FlightSteps.DeductLoyaltyPoints).Status.Should().Be(StepStatus.Skipped);
        result.StepsCompleted.Should().Be(3);
        acts.Calls.Should().NotContain(FlightSteps.DeductLoyaltyPoints);
        acts.Payments.Single().Amount.Should().Be(500m);
    }

    [Theory]
    [MemberData(nameof(FailurePoints))]
    public async Task RunAsync_StepFails_CompensatesCompletedStepsInReverseOrder(
        string failingStep, string errorType, string[] expectedCompensations)
    {
        var acts = new FakeFlightActivities(new Dictionary<string, string> { [failingStep] = errorType });
        var result = await RunAsync(acts, Input);

        result.Success.Should().BeFalse();
        result.Status.Should().Be(SagaStatus.Compensated);
        result.FailedStep.Should().Be(failingStep);
        result.ErrorType.Should().Be(errorType);
        result.BookingReference.Should().BeNull();
        acts.Calls.Where(c => c.StartsWith("COMPENSATE_", StringComparison.Ordinal)).Should().Equal(expectedCompensations);
        (result.CompensationResult?.Results.Select(r => r.Step) ?? []).Should().Equal(expectedCompensations);
        (result.CompensationResult?.SuccessfulCompensations ?? 0).Should().Be(expectedCompensations.Length);
    }

    [Fact]
    public async Task RunAsync_PaymentOutcomeUnknown_AsksWhetherItHappenedByItsKeyBeforeRefunding()
    {
        var acts = new FakeFlightActivities(unreachable: new HashSet<string> { FlightSteps.ProcessPayment });
        await RunWorkerAsync<FlightBookingWorkflow>(acts, async tq =>
        {
            var handle = await StartAsync(tq, Input);

            var result = await handle.GetResultAsync(); // the time-skipping server skips the retries' backoff

            result.Status.Should().Be(SagaStatus.Compensated);
            result.SagaLog.Single(s => s.Name == FlightSteps.ProcessPayment).Outcome.Should().Be(UndoOutcomes.Unknown);
            var paymentKey = $"{handle.Id}/{handle.FirstExecutionRunId}/{FlightSteps.ProcessPayment}";
            acts.Calls.SkipWhile(c => c == FlightSteps.ProcessPayment || !c.StartsWith("CHECK:", StringComparison.Ordinal))
                .Should().Equal($"CHECK:{paymentKey}", "COMPENSATE_PROCESS_PAYMENT", "COMPENSATE_DEDUCT_LOYALTY_POINTS", "COMPENSATE_RESERVE_SEAT");
        });
    }

    [Fact]
    public async Task RunAsync_PaymentDeclined_ResultCarriesTheSeedFailureFields()
    {
        var acts = new FakeFlightActivities(new Dictionary<string, string> { [FlightSteps.ProcessPayment] = "PAYMENT_DECLINED" });
        var result = await RunAsync(acts, Input);

        var json = JsonSerializer.SerializeToElement(result, SagaDataConverter.JsonOptions);
        json.GetProperty("success").GetBoolean().Should().BeFalse();
        json.GetProperty("failedStep").GetString().Should().Be("PROCESS_PAYMENT");
        json.GetProperty("error").GetString().Should().Contain("PAYMENT_DECLINED");
        var compensation = json.GetProperty("compensationResult");
        compensation.GetProperty("totalCompensations").GetInt32().Should().Be(2);
        compensation.GetProperty("successfulCompensations").GetInt32().Should().Be(2);
        compensation.GetProperty("results")[0].GetProperty("step").GetString().Should().Be("COMPENSATE_DEDUCT_LOYALTY_POINTS");
        compensation.GetProperty("results")[0].GetProperty("success").GetBoolean().Should().BeTrue();
    }

    [Theory]
    [InlineData(0, "passengers must be between 1 and 9")]
    [InlineData(-5, "total fare must be greater than 0")]
    public async Task RunAsync_InvalidInput_FailsWithInvalidInputAndCallsNothing(int passengersOrFare, string problem)
    {
        var input = passengersOrFare == 0 ? Input with { Passengers = 0 } : Input with { TotalFare = passengersOrFare };
        var acts = new FakeFlightActivities();

        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => RunAsync(acts, input));

        var cause = failure.InnerException.Should().BeOfType<ApplicationFailureException>().Subject;
        cause.ErrorType.Should().Be("INVALID_INPUT");
        cause.Message.Should().Contain(problem);
        acts.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_InputCheckOnTheFirstStepFindsAProblem_FailsWithInvalidInputCompensatesNothingAndQueriesRejected()
    {
        var acts = new FakeFlightActivities();
        acts.InputProblems.Add("user id 'alice' has no account");
        await RunWorkerAsync<FlightBookingWorkflow>(acts, async tq =>
        {
            var handle = await StartAsync(tq, Input);

            var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());

            var cause = failure.InnerException.Should().BeOfType<ApplicationFailureException>().Subject;
            cause.ErrorType.Should().Be(SagaErrors.InvalidInput);
            cause.Message.Should().Contain("has no account");
            acts.Calls.Should().Equal(FlightSteps.ReserveSeat);
            var state = await handle.QueryAsync(wf => wf.GetState());
            state.Status.Should().Be(SagaStatus.Rejected);
            state.ErrorType.Should().Be(SagaErrors.InvalidInput);
            state.Error.Should().Be("user id 'alice' has no account");
            state.StartedUtc.Should().NotBe(default);

            // The step that checked the input refused it: logged as failed, nothing to compensate.
            var step = state.Steps.Should().ContainSingle().Subject;
            (step.Name, step.Status, step.ErrorType).Should().Be((FlightSteps.ReserveSeat, StepStatus.Failed, SagaErrors.InvalidInput));
            state.Compensation.Should().BeNull();
            acts.Calls.Should().NotContain(c => c.StartsWith("COMPENSATE_"));
        });
    }

    [Fact]
    public async Task RunAsync_LocalSteps_RunsDatabaseStepsAsLocalActivitiesAndPaymentOnTheServer()
    {
        var acts = new FakeFlightActivities();
        await RunWorkerAsync<FlightBookingWorkflow>(acts, async tq =>
        {
            var handle = await StartAsync(tq, Input with { LocalSteps = true });

            var result = await handle.GetResultAsync();

            result.Success.Should().BeTrue();
            (await LocalActivitiesAsync(handle)).Should().Equal("ReserveSeat", "DeductLoyaltyPoints", "ConfirmBooking");
            (await ScheduledActivitiesAsync(handle)).Should().Equal("ProcessPayment");
        });
    }

    [Fact]
    public async Task RunAsync_RegularSteps_RunEveryStepOnTheServer()
    {
        var acts = new FakeFlightActivities();
        await RunWorkerAsync<FlightBookingWorkflow>(acts, async tq =>
        {
            var handle = await StartAsync(tq, Input);

            await handle.GetResultAsync();

            (await LocalActivitiesAsync(handle)).Should().BeEmpty("the data check rides on ReserveSeat");
            (await ScheduledActivitiesAsync(handle)).Should().Equal("ReserveSeat", "DeductLoyaltyPoints", "ProcessPayment", "ConfirmBooking");
        });
    }

    private async Task<FlightBookingResult> RunAsync(FakeFlightActivities acts, FlightBookingInput input)
    {
        FlightBookingResult? result = null;
        await RunWorkerAsync<FlightBookingWorkflow>(acts, async tq => result = await (await StartAsync(tq, input)).GetResultAsync());
        return result!;
    }

    private Task<WorkflowHandle<FlightBookingWorkflow, FlightBookingResult>> StartAsync(string taskQueue, FlightBookingInput input) =>
        Client.StartWorkflowAsync(
            (FlightBookingWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(FlightBookingWorkflow.WorkflowId(Guid.NewGuid().ToString()), taskQueue));
}
