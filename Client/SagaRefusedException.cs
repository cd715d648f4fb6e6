namespace TemporalSagas.Client;

/// <summary>An update a running saga refused (its validator or handler), with the refusal's stable error type.</summary>
public class SagaRefusedException(string errorType, string message) : Exception(message)
{
    public string ErrorType { get; } = errorType;
}
