namespace TemporalSagas.SagaConsole;

/// <summary>What <c>starter serve</c> (and <c>demo --keep</c>) gives the saga console.</summary>
/// <param name="Port">HTTP port; 0 picks a free one (tests).</param>
/// <param name="Bind">Address to listen on: 127.0.0.1 by default (the console starts sagas and resolves reviews; it has
/// no login, so it is not exposed beyond the machine unless asked for).</param>
/// <param name="WebUi">Base URL of the Temporal Web UI, for the links beside each saga.</param>
public sealed record ConsoleSettings(
    string Address, string Namespace, string TaskQueue, int Port, string Bind, string WebUi)
{
    public const string Section = "Console";
    public const int DefaultPort = 5080;

    /// <summary>Largest request body the API reads.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>TLS and API key for Temporal, as the CLI takes them (<c>--tls-*</c>, <c>TEMPORAL_TLS_*</c>); none by default.</summary>
    public TemporalSagas.Worker.TemporalConnectionSecurity? Security { get; init; }

    public string WorkflowUrl(string workflowId) =>
        $"{WebUi.TrimEnd('/')}/namespaces/{Uri.EscapeDataString(Namespace)}/workflows/{Uri.EscapeDataString(workflowId)}";

    /// <summary>The Web UI's workflow list filtered on one saga status (a saved query anyone can open).</summary>
    public string StatusListUrl(string status) =>
        $"{WebUi.TrimEnd('/')}/namespaces/{Uri.EscapeDataString(Namespace)}/workflows?query=" +
        Uri.EscapeDataString($"SagaStatus=\"{status}\"");
}
