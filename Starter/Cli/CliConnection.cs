using System.CommandLine;
using Temporalio.Client;
using TemporalSagas.Client;
using TemporalSagas.Worker;

namespace TemporalSagas.Starter.Cli;

/// <summary>The command line's connection settings (global options) handed to <see cref="TemporalConnector"/>.</summary>
public static class CliConnection
{
    public static Task<TemporalClient> ConnectAsync(ParseResult parse, CancellationToken cancellationToken) =>
        TemporalConnector.ConnectAsync(parse.GetValue(GlobalOptions.Address)!, parse.GetValue(GlobalOptions.Namespace)!, cancellationToken, Security(parse));

    /// <summary>The TLS and API-key settings of the command line (defaults from the environment), checked: exit 2 naming the option.</summary>
    public static TemporalConnectionSecurity Security(ParseResult parse)
    {
        var security = new TemporalConnectionSecurity(
            parse.GetValue(GlobalOptions.Tls),
            parse.GetValue(GlobalOptions.TlsCaPath),
            parse.GetValue(GlobalOptions.TlsCertPath),
            parse.GetValue(GlobalOptions.TlsKeyPath),
            parse.GetValue(GlobalOptions.TlsServerName),
            parse.GetValue(GlobalOptions.ApiKey));
        foreach (var (option, problem) in security.Problems(setting => "--" + setting))
        {
            throw CliException.BadInput(problem, option);
        }

        return security;
    }
}
