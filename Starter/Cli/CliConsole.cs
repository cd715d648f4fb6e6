using Spectre.Console;

namespace TemporalSagas.Starter.Cli;

/// <summary>Where one run of the CLI writes: plain text, JSON and tables go to <see cref="Out"/>, errors to <see cref="Error"/>.</summary>
public sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error)
    {
        Out = output;
        Error = error;
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        IsTerminal = terminal;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });

        // Piped or captured output has no terminal width; Spectre would squeeze tables into 80 columns.
        if (!terminal)
        {
            Ansi.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) ? columns : 160;
        }
    }

    public TextWriter Out { get; }

    /// <summary>Whether the output is this process's own terminal (progress bars and colours go there only).</summary>
    public bool IsTerminal { get; }

    public TextWriter Error { get; }

    public IAnsiConsole Ansi { get; }

    /// <summary>The process's own stdout and stderr.</summary>
    public static CliConsole System() => new(Console.Out, Console.Error);
}
