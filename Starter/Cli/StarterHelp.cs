using System.CommandLine;

namespace TemporalSagas.Starter.Cli;

/// <summary>
/// The help the CLI prints: its usage names it <c>starter</c> (as the README and docs do, whatever the assembly is
/// called); a command group lists its own options and <c>--json</c>, with the connection options named on one line
/// (they apply everywhere and are described once, in <c>starter --help</c>); a missing command or a typo is answered
/// with the commands there are and the nearest one.
/// </summary>
public static class StarterHelp
{
    public const string Name = "starter";

    private static readonly HashSet<string> ConnectionOptions = new(
        [GlobalOptions.Address.Name, GlobalOptions.Namespace.Name, .. GlobalOptions.ConnectionSecurity.Select(o => o.Name)],
        StringComparer.Ordinal);

    /// <summary>The help System.CommandLine writes for <paramref name="parse"/> (a <c>--help</c> request), tidied.</summary>
    public static string Render(ParseResult parse)
    {
        var output = new StringWriter();
        parse.Invoke(new InvocationConfiguration { Output = output, Error = output });
        return Tidy(output.ToString(), parse.CommandResult.Command);
    }

    /// <summary>The help of <paramref name="command"/>, as <c>--help</c> after it prints it.</summary>
    public static string Render(RootCommand root, Command command)
    {
        var path = new List<string>();
        for (Symbol? s = command; s is Command c and not RootCommand; s = c.Parents.FirstOrDefault())
        {
            path.Insert(0, c.Name);
        }

        return Render(root.Parse([.. path, "--help"]));
    }

    /// <summary>"Did you mean ...?" for an unrecognized token: the nearest subcommand or option of the command it was
    /// typed after, if one is close enough (at most a third of its letters off).</summary>
    public static string? Suggest(Command command, string token)
    {
        IEnumerable<string> names = token.StartsWith('-')
            ? Visible(command).SelectMany(o => o.Aliases.Prepend(o.Name))
            : command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name));
        var best = names
            .Select(n => (Name: n, Distance: Distance(token.ToLowerInvariant(), n.ToLowerInvariant())))
            .Where(n => n.Distance <= Math.Max(1, n.Name.Length / 3))
            .OrderBy(n => n.Distance).ThenBy(n => n.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name;
    }

    /// <summary>The subcommands of a group, for the error of a group run without one.</summary>
    public static string Commands(Command command) =>
        string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));

    /// <summary>The command path as a user types it: <c>starter saga list</c>.</summary>
    public static string Path(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault())
        {
            names.Add(c is RootCommand ? Name : c.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    // The usage names the root after the executable (TemporalSagas.Starter); the docs call it starter. Below the root,
    // the connection options (passed down to every command) are named on one line instead of nine.
    private static string Tidy(string help, Command command)
    {
        var lines = help.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n').ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].StartsWith($"  {RootCommand.ExecutableName}", StringComparison.Ordinal))
            {
                lines[i] = $"  {Name}{lines[i][(2 + RootCommand.ExecutableName.Length)..]}";
            }
        }

        if (command is not RootCommand)
        {
            var options = lines.IndexOf("Options:");
            var removed = lines.RemoveAll(l => ConnectionOptions.Any(o => l.StartsWith($"  {o} ", StringComparison.Ordinal)));
            if (options >= 0 && removed > 0)
            {
                var end = lines.FindIndex(options, string.IsNullOrWhiteSpace);
                lines.Insert(end < 0 ? lines.Count : end, $"  Connection: {string.Join(", ", ConnectionOptions)} (see `{Name} --help`)");
            }
        }

        return string.Join(Environment.NewLine, lines).TrimEnd() + Environment.NewLine;
    }

    // The command's own options, then those its ancestors pass down (Recursive), each once.
    private static IEnumerable<Option> Visible(Command command)
    {
        var seen = new HashSet<Option>();
        foreach (var option in command.Options.Where(o => !o.Hidden))
        {
            if (seen.Add(option))
            {
                yield return option;
            }
        }

        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            foreach (var option in parent.Options.Where(o => o.Recursive && !o.Hidden))
            {
                if (seen.Add(option))
                {
                    yield return option;
                }
            }
        }
    }

    // Edit distance counting a swap of two neighbours as one edit ("lsit" is one from "list"), the commonest typo.
    private static int Distance(string a, string b)
    {
        var before = new int[b.Length + 1];
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(
                    Math.Min(current[j - 1] + 1, previous[j] + 1),
                    previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], before[j - 2] + 1);
                }
            }

            (before, previous) = (previous, current);
        }

        return previous[b.Length];
    }
}
