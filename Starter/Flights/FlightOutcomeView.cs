using Spectre.Console;
using TemporalSagas.Client;
using TemporalSagas.Load;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Starter.Rendering;
using TemporalSagas.Workflows.Flights;

namespace TemporalSagas.Starter.Flights;

/// <summary>How <c>flight book</c> shows the end of its saga, as text or one JSON document.</summary>
public static class FlightOutcomeView
{
    public static int Write(CliConsole console, SagaOutcome<FlightBookingResult> outcome, bool json)
    {
        var id = outcome.WorkflowId;
        if (json)
        {
            JsonOutput.Write(console, outcome.End switch
            {
                SagaEnd.Finished => outcome.Result!,
                SagaEnd.AwaitingReview => outcome.State!,
                _ => new { workflowId = id, status = outcome.Status, error = outcome.Error, errorType = outcome.ErrorType, state = outcome.State },
            });
        }
        else if (outcome is { End: SagaEnd.Finished, Result: { } result })
        {
            console.Ansi.MarkupLine(result.Success
                ? $"[green]booked[/] {id}: booking reference [bold]{result.BookingReference}[/]"
                : $"[yellow]{result.Status}[/] {id}: {Markup.Escape(result.FailedStep ?? string.Empty)} " +
                  $"failed: {Markup.Escape(result.Error ?? string.Empty)}");
            console.Ansi.Write(SagaStateView.Ledger(result.SagaLog));
        }
        else if (outcome is { End: SagaEnd.AwaitingReview, State: { } state })
        {
            SagaStateView.Write(console.Ansi, state);
            console.Ansi.MarkupLine(
                $"[red]awaiting manual review[/]: starter review resolve {id} --action retry|resolved --operator NAME");
        }
        else
        {
            var status = outcome.Status is { } s ? SagaStateView.StatusMarkup(s) : $"[red]{outcome.End}[/]";
            console.Ansi.MarkupLine($"{status} {id}: {Markup.Escape(outcome.Error ?? string.Empty)}");
            if (outcome.State is { } last)
            {
                console.Ansi.Write(SagaStateView.Ledger(last.Steps));
            }
        }

        return outcome.Result?.Success == true ? ExitCodes.Success : ExitCodes.SagaFailed;
    }
}
