using System.Text.Json.Serialization;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Orders;

namespace TemporalSagas.Workflows.Orders;

/// <param name="RequiresPrescription">Ask for a pharmacist's approval even when no item needs one.</param>
/// <param name="Deadline">How long the whole saga may take (default 24 h); when it passes, the saga compensates and
/// ends TimedOut. Held by a durable timer, so it survives worker restarts.</param>
public sealed record OrderFulfillmentInput(
    string OrderId,
    IReadOnlyList<OrderLine> Items,
    string ShippingAddress,
    bool RequiresPrescription = false,
    TimeSpan? Deadline = null,
    FaultPlan? Faults = null)
{
    public const int MaxIdLength = 64;
    public const int MaxSkuLength = 32;
    public const int MaxItems = 50;
    public const int MaxQuantity = 1000;
    public const int MaxAddressLength = 500;

    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromHours(24);
    public static readonly TimeSpan MinDeadline = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxDeadline = TimeSpan.FromDays(7);

    /// <summary>The steps a fault plan may name: those that run an activity.</summary>
    public static readonly IReadOnlyList<string> FaultSteps =
        [OrderSteps.CreateOrder, OrderSteps.CreatePrescription, OrderSteps.ReserveInventory, OrderSteps.InitiateShipment];

    [JsonIgnore]
    public TimeSpan EffectiveDeadline => Deadline ?? DefaultDeadline;

    /// <summary>Every problem with this input on its own (the workflow then checks the SKUs against the database);
    /// empty when valid. Each problem starts with the field it names. Used by the CLI and the workflow alike.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(OrderId))
        {
            problems.Add("order id is required");
        }
        else if (OrderId.Length > MaxIdLength || !OrderId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            problems.Add($"order id must be 1-{MaxIdLength} letters, digits, '-', '_' or '.' (got '{Truncate(OrderId)}')");
        }

        if (Items is null || Items.Count is < 1 or > MaxItems)
        {
            problems.Add($"items: between 1 and {MaxItems} lines are required (got {Items?.Count ?? 0})");
        }
        else
        {
            foreach (var item in Items)
            {
                if (string.IsNullOrEmpty(item.Sku) || item.Sku.Length > MaxSkuLength
                    || !item.Sku.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '-'))
                {
                    problems.Add($"items: SKU must be 1-{MaxSkuLength} upper-case letters, digits or '-' (got '{Truncate(item.Sku ?? string.Empty)}')");
                }

                if (item.Quantity is < 1 or > MaxQuantity)
                {
                    problems.Add($"items: quantity of {Truncate(item.Sku ?? string.Empty)} must be between 1 and {MaxQuantity} (got {item.Quantity})");
                }
            }
        }

        if (string.IsNullOrWhiteSpace(ShippingAddress) || ShippingAddress.Length > MaxAddressLength)
        {
            problems.Add($"shipping address is required, at most {MaxAddressLength} characters");
        }

        if (EffectiveDeadline < MinDeadline || EffectiveDeadline > MaxDeadline)
        {
            problems.Add($"deadline must be between {MinDeadline} and {MaxDeadline} (got {EffectiveDeadline})");
        }

        if (Faults is not null)
        {
            problems.AddRange(Faults.Problems([.. FaultSteps]));
        }

        return problems;
    }

    private static string Truncate(string value) => value.Length <= 20 ? value : value[..20] + "…";
}
