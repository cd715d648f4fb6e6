namespace TemporalSagas.Client.DevServer;

// The shape of temporal-dev.yaml; TemporalDevServerConfig is the flat view the code uses.
internal sealed class TemporalDevServerFile
{
    public ServerSection Server { get; set; } = new();

    public string? TaskQueue { get; set; }

    public Dictionary<string, string> SearchAttributes { get; set; } = [];

    public Dictionary<string, string> DynamicConfig { get; set; } = [];

    internal sealed class ServerSection
    {
        public string? Ip { get; set; }

        public int? Port { get; set; }

        public int? UiPort { get; set; }

        public string? Namespace { get; set; }

        public string? DbFilename { get; set; }

        public Dictionary<string, string> SqlitePragmas { get; set; } = [];

        public string? LogLevel { get; set; }
    }
}
