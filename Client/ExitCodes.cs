namespace TemporalSagas.Client;

/// <summary>DESIGN §6: scripts rely on these.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int SagaFailed = 1;
    public const int BadInput = 2;
    public const int TemporalUnreachable = 3;
    public const int Unexpected = 4;

    /// <summary>Ctrl+C / SIGTERM before the command finished (the shell convention 128 + SIGINT).</summary>
    public const int Cancelled = 130;
}
