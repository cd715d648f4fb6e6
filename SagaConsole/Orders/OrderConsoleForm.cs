using System.Globalization;
using Temporalio.Client;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Client.Orders;
using TemporalSagas.SagaConsole;
using TemporalSagas.Workflows.Orders;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.SagaConsole.Orders;

/// <summary>The body of <c>POST /api/sagas/OrderFulfillment</c>: <c>order fulfill</c>'s options as JSON.</summary>
/// <param name="Items">Order lines as <c>SKU:QTY</c>, comma-separated (as <c>--item</c>).</param>
/// <param name="DeadlineMinutes">Saga deadline in minutes (default 24 h).</param>
public sealed record OrderFulfillmentRequest(
    string Items,
    string ShippingAddress,
    string? OrderId = null,
    bool RequiresPrescription = false,
    int? DeadlineMinutes = null,
    string? FailAt = null,
    string? TransientAt = null,
    int TransientFailures = 2,
    string? FailCompensationOf = null);

/// <summary>The order fulfillment saga's test form. A prescription order waits for <c>order approve</c>.</summary>
public sealed class OrderConsoleForm : SagaConsoleForm<OrderFulfillmentRequest, OrderFulfillmentInput>
{
    public override SagaDescriptor Saga => SagaCatalog.All.Single(d => d.WorkflowClass == typeof(OrderFulfillmentWorkflow));

    public override string Title => "Order fulfillment";

    public override IReadOnlyList<string> FaultSteps => OrderFulfillmentInput.FaultSteps;

    public override IReadOnlyList<ConsoleField> Fields =>
    [
        new("items", "Items (SKU:QTY, ...)", "text", $"{OrderDemoData.Bandages}:3"),
        new("shippingAddress", "Shipping address", "text", "1 Demo Street, Springfield"),
        new("orderId", "Order id (optional)", "text"),
        new("requiresPrescription", "Requires a prescription", "checkbox", false, Hint: "waits for `order approve`"),
        new("deadlineMinutes", "Deadline (minutes, optional)", "number"),
        .. ConsoleFaults.Fields(OrderFulfillmentInput.FaultSteps),
    ];

    protected override IReadOnlyList<(string Phrase, string Field)> ProblemFields =>
    [
        ("order id", "orderId"), ("items", "items"), ("shipping address", "shippingAddress"), ("deadline", "deadlineMinutes"),
    ];

    protected override OrderFulfillmentInput ToInput(OrderFulfillmentRequest request)
    {
        var faults = ConsoleFaults.Read(
            OrderFulfillmentInput.FaultSteps, request.FailAt, request.TransientAt, request.TransientFailures, request.FailCompensationOf);
        if (request.DeadlineMinutes is < 1 or > 7 * 24 * 60)
        {
            throw ConsoleProblem.BadInput(
                "deadlineMinutes", $"deadlineMinutes must be between 1 and {7 * 24 * 60} (got {request.DeadlineMinutes})");
        }

        return new OrderFulfillmentInput(
            request.OrderId ?? $"ord-{Guid.NewGuid():N}"[..16],
            [.. request.Items.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Line)],
            request.ShippingAddress,
            request.RequiresPrescription,
            request.DeadlineMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null,
            faults);
    }

    protected override IReadOnlyList<string> Problems(OrderFulfillmentInput input) => input.Problems();

    protected override Task CheckDataAsync(ConsoleStart start, OrderFulfillmentInput input, CancellationToken cancellationToken) =>
        OrderDataCheck.EnsureAsync(start.Context, input, start.ClientAsync, cancellationToken);

    protected override async Task<WorkflowHandle> StartAsync(
        ConsoleStart start, OrderFulfillmentRequest request, OrderFulfillmentInput input, CancellationToken cancellationToken) =>
        await OrderSagaClient.StartAsync(await start.ClientAsync(), input, start.TaskQueue);

    private static OrderLine Line(string item) =>
        item.Split(':') is [var sku, var quantity] && int.TryParse(quantity, CultureInfo.InvariantCulture, out var count)
            ? new OrderLine(sku.Trim().ToUpperInvariant(), count)
            : throw ConsoleProblem.BadInput("items", $"items: each line must be SKU:QTY (got '{item}')");
}
