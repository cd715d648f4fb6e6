namespace TemporalSagas.Workflows.Orders;

/// <summary>Argument of the signal <c>PrescriptionApproved</c>.</summary>
public sealed record PrescriptionApproval(string Pharmacist);

/// <summary>Argument of the signal <c>PrescriptionRejected</c>: the saga compensates with reason <c>prescription_rejected</c>.</summary>
public sealed record PrescriptionRejection(string Reason, string? Pharmacist = null);
