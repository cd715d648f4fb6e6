using System.Text.Json;
using Temporalio.Common;

namespace TemporalSagas.Tests.Replay;

/// <summary>The recorded histories (Tests/Histories, copied beside the tests): the files a replay test iterates, and
/// one read as the replayer wants it.</summary>
public static class RecordedHistories
{
    public static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Histories");

    /// <summary>The file names in <see cref="Directory"/> (or its <paramref name="subfolder"/>), in order.</summary>
    public static TheoryData<string> Files(string? subfolder = null)
    {
        var data = new TheoryData<string>();
        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(Directory, subfolder ?? string.Empty), "*.json").Order())
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    /// <summary>The history in <paramref name="file"/> and its workflow type; its id is the file's name unless given.</summary>
    public static (string WorkflowType, WorkflowHistory History) Load(string file, string? id = null)
    {
        var json = File.ReadAllText(Path.Combine(Directory, file));
        using var doc = JsonDocument.Parse(json);
        var started = doc.RootElement.GetProperty("events")[0].GetProperty("workflowExecutionStartedEventAttributes");
        var workflowType = started.GetProperty("workflowType").GetProperty("name").GetString()!;
        return (workflowType, WorkflowHistory.FromJson(id ?? Path.GetFileNameWithoutExtension(file), json));
    }
}
