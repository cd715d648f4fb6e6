using TemporalSagas.Starter.Cli;

return await StarterCli.RunAsync(args);
