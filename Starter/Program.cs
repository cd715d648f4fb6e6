using TemporalSagas.Starter;

return await StarterCli.RunAsync(args);
