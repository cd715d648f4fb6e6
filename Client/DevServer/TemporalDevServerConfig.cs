using System.Globalization;
using System.Text;
using System.Text.Json;
using Temporalio.Common;
using Temporalio.Testing;
using TemporalSagas.Client;
using TemporalSagas.Workflows.Saga;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace TemporalSagas.Client.DevServer;

/// <summary>The local Temporal dev server described by temporal-dev.yaml.</summary>
public sealed record TemporalDevServerConfig
{
    public const string FileName = "temporal-dev.yaml";

    public string Ip { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 7233;

    public int UiPort { get; init; } = 8233;

    public string Namespace { get; init; } = "default";

    /// <summary>Empty: in-memory, every start is a clean slate.</summary>
    public string? DbFilename { get; init; }

    public IReadOnlyDictionary<string, string> SqlitePragmas { get; init; } = new Dictionary<string, string>();

    public string LogLevel { get; init; } = "warn";

    public string TaskQueue { get; init; } = SagaTaskQueue.Default;

    public IReadOnlyDictionary<string, string> SearchAttributes { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> DynamicConfig { get; init; } = new Dictionary<string, string>();

    public string Address => $"{Ip}:{Port}";

    public string UiUrl => $"http://{Ip}:{UiPort}";

    public string WorkflowUrl(string workflowId) =>
        $"{UiUrl}/namespaces/{Uri.EscapeDataString(Namespace)}/workflows/{Uri.EscapeDataString(workflowId)}";

    /// <summary>Loads <paramref name="path"/>, or finds temporal-dev.yaml next to the executable or above the current directory.</summary>
    public static TemporalDevServerConfig Load(string? path = null)
    {
        path ??= Find() ?? throw new FileNotFoundException(
            $"{FileName} not found next to the executable or in any parent of {Environment.CurrentDirectory}");
        return Parse(File.ReadAllText(path));
    }

    public static TemporalDevServerConfig Parse(string yaml)
    {
        var file = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .Build()
            .Deserialize<TemporalDevServerFile?>(yaml) ?? new TemporalDevServerFile();
        var server = file.Server;
        var defaults = new TemporalDevServerConfig();
        return new TemporalDevServerConfig
        {
            Ip = string.IsNullOrWhiteSpace(server.Ip) ? defaults.Ip : server.Ip,
            Port = server.Port ?? defaults.Port,
            UiPort = server.UiPort ?? defaults.UiPort,
            Namespace = string.IsNullOrWhiteSpace(server.Namespace) ? defaults.Namespace : server.Namespace,
            DbFilename = string.IsNullOrWhiteSpace(server.DbFilename) ? null : server.DbFilename,
            SqlitePragmas = server.SqlitePragmas,
            LogLevel = string.IsNullOrWhiteSpace(server.LogLevel) ? defaults.LogLevel : server.LogLevel,
            TaskQueue = string.IsNullOrWhiteSpace(file.TaskQueue) ? defaults.TaskQueue : file.TaskQueue,
            SearchAttributes = file.SearchAttributes,
            DynamicConfig = file.DynamicConfig,
        };
    }

    public static string? Find()
    {
        var besideExecutable = Path.Combine(AppContext.BaseDirectory, FileName);
        if (File.Exists(besideExecutable))
        {
            return besideExecutable;
        }

        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Options for <see cref="WorkflowEnvironment.StartLocalAsync"/>; tests pass free ports as overrides.</summary>
    public WorkflowEnvironmentStartLocalOptions ToStartLocalOptions(int? portOverride = null, int? uiPortOverride = null) =>
        new()
        {
            TargetHost = $"{Ip}:{portOverride ?? Port}",
            Namespace = Namespace,
            DataConverter = SagaDataConverter.FromEnvironment(),
            GrpcCompression = TemporalConnector.GrpcCompression($"{Ip}:{portOverride ?? Port}"),
            UI = true,
            UIPort = uiPortOverride ?? (portOverride is { } p && uiPortOverride is null ? p + 1000 : UiPort),
            SearchAttributes = SearchAttributeKeys(),
            DevServerOptions = new DevServerOptions
            {
                ExistingPath = TemporalBinaries.CliPath(),
                DatabaseFilename = DbFilename,
                LogLevel = LogLevel,
                ExtraArgs = ExtraArgs(),
            },
        };

    /// <summary>The same server started by hand: <c>temporal server start-dev ...</c>.</summary>
    public string ToCommandLine()
    {
        var line = new StringBuilder("temporal server start-dev")
            .Append(CultureInfo.InvariantCulture, $" --ip {Ip} --port {Port} --ui-port {UiPort}")
            .Append(CultureInfo.InvariantCulture, $" --namespace {Namespace} --log-level {LogLevel}");
        if (DbFilename is not null)
        {
            line.Append(CultureInfo.InvariantCulture, $" --db-filename {DbFilename}");
        }

        foreach (var (name, type) in SearchAttributeTypes())
        {
            line.Append(CultureInfo.InvariantCulture, $" --search-attribute {name}={type}");
        }

        foreach (var arg in ExtraArgs().Chunk(2))
        {
            line.Append(' ').Append(arg[0]);
            if (arg.Length > 1)
            {
                line.Append(' ').Append(arg[1].Contains('"', StringComparison.Ordinal) ? $"'{arg[1]}'" : arg[1]);
            }
        }

        return line.ToString();
    }

    // Flag/value pairs, except the lone --ui-disable-news-fetch at the end.
    private List<string> ExtraArgs()
    {
        var args = new List<string>();
        foreach (var (key, value) in DynamicConfig)
        {
            args.Add("--dynamic-config-value");
            args.Add($"{key}={JsonValue(value)}");
        }

        foreach (var (pragma, value) in SqlitePragmas)
        {
            args.Add("--sqlite-pragma");
            args.Add($"{pragma}={value}");
        }

        args.Add("--ui-disable-news-fetch");
        return args;
    }

    // The saga attributes are always registered; the file may add more.
    private Dictionary<string, string> SearchAttributeTypes()
    {
        var types = SagaSearchAttributes.All.ToDictionary(k => k.Name, _ => "Keyword");
        foreach (var (name, type) in SearchAttributes)
        {
            types[name] = type;
        }

        return types;
    }

    private List<SearchAttributeKey> SearchAttributeKeys() =>
        [.. SearchAttributeTypes().Select(pair => pair.Value.ToUpperInvariant() switch
        {
            "KEYWORD" => (SearchAttributeKey)SearchAttributeKey.CreateKeyword(pair.Key),
            "TEXT" => SearchAttributeKey.CreateText(pair.Key),
            "INT" => SearchAttributeKey.CreateLong(pair.Key),
            "DOUBLE" => SearchAttributeKey.CreateDouble(pair.Key),
            "BOOL" => SearchAttributeKey.CreateBool(pair.Key),
            "DATETIME" => SearchAttributeKey.CreateDateTimeOffset(pair.Key),
            "KEYWORDLIST" => SearchAttributeKey.CreateKeywordList(pair.Key),
            _ => throw new InvalidDataException($"{FileName}: unknown search attribute type '{pair.Value}' for {pair.Key}"),
        })];

    // The dev server wants JSON values: numbers and booleans as they are, anything else quoted.
    private static string JsonValue(string value)
    {
        if (value is "true" or "false" ||
            double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return value;
        }

        return value.StartsWith('"') || value.StartsWith('{') || value.StartsWith('[')
            ? value
            : JsonSerializer.Serialize(value);
    }
}
