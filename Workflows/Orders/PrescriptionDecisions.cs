using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Workflows.Orders;

/// <summary>Argument of the update <c>ApprovePrescription</c> (and of the older signal <c>PrescriptionApproved</c>).</summary>
public sealed record PrescriptionApproval(string Pharmacist)
{
    public IReadOnlyList<string> Problems() => PrescriptionDecisions.Name("pharmacist", Pharmacist, required: true);
}

/// <summary>Argument of the update <c>RejectPrescription</c> (and of the older signal <c>PrescriptionRejected</c>): the
/// saga compensates with reason <c>prescription_rejected</c>.</summary>
public sealed record PrescriptionRejection(string Reason, string? Pharmacist = null)
{
    public IReadOnlyList<string> Problems() =>
        [.. PrescriptionDecisions.Name("reason", Reason, required: true, PrescriptionDecisions.MaxReasonLength),
         .. PrescriptionDecisions.Name("pharmacist", Pharmacist, required: false)];
}

/// <summary>What an accepted approve or reject answers once the saga took the decision.</summary>
public sealed record PrescriptionDecisionAnswer(string OrderId, string Decision, string Pharmacist, SagaStatus SagaStatus);

public static class PrescriptionDecisions
{
    public const int MaxNameLength = 100;
    public const int MaxReasonLength = 500;

    internal static IReadOnlyList<string> Name(string field, string? value, bool required, int max = MaxNameLength) =>
        value is null || value.Trim().Length == 0 ? (required ? [$"{field} is required"] : [])
        : value.Length > max ? [$"{field} is longer than {max} characters"]
        : value.Any(char.IsControl) ? [$"{field} contains control characters"]
        : [];
}
