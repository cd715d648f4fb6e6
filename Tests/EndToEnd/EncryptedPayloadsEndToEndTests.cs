using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Temporalio.Client;
using Temporalio.Worker;
using TemporalSagas.Activities.Flights.Data;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;
using TemporalSagas.Workflows.Security;

namespace TemporalSagas.Tests.EndToEnd;

/// <summary>
/// A worker process and clients sharing encryption keys: the server's history holds only ciphertext, while the
/// workflow, the client, <c>saga status</c> and the replayer see the real values.
/// </summary>
[Collection(DevServerCollection.Name)]
public class EncryptedPayloadsEndToEndTests(DevServerFixture fixture)
{
    private static readonly FlightBookingInput Booking = new("TS100", "carol", 1, "economy", 180m, PaymentMethod: "card");

    [Fact]
    public async Task FlightSaga_WithKeys_HistoryHoldsNoPlaintextButEveryClientSeesTheValues()
    {
        var keyEntry = PayloadEncryptionKeys.NewKeyEntry("e2e");
        var keys = PayloadEncryptionKeys.Parse(keyEntry, null)!;
        var taskQueue = $"encrypted-{Guid.NewGuid():N}";
        using var worker = new WorkerProcess(fixture, taskQueue, new Dictionary<string, string> { [PayloadEncryptionKeys.KeysVariable] = keyEntry });
        var options = (TemporalClientOptions)fixture.Client.Options.Clone();
        options.DataConverter = SagaDataConverter.Create(keys);
        var client = new TemporalClient(fixture.Client.Connection, options);

        var id = FlightBookingWorkflow.WorkflowId(Guid.NewGuid().ToString("N"));
        var handle = await client.StartWorkflowAsync(
            (FlightBookingWorkflow wf) => wf.RunAsync(Booking), new WorkflowOptions(id, taskQueue));
        FlightBookingResult result;
        try
        {
            result = await handle.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no result from the encrypted worker; its output:{Environment.NewLine}{worker.RecentOutput}");
        }

        result.Success.Should().BeTrue("the workflow decrypted its input and ran: {0}", result.Error);
        var secrets = new[] { "carol", result.BookingReference!, await PaymentIdAsync(id) };
        var raw = await RawHistoryAsync(fixture.Client.GetWorkflowHandle(id));
        secrets.Should().OnlyContain(secret => !Contains(raw, secret), "the server stores ciphertext only");

        // Control: the same saga without keys leaves every one of them readable in its history.
        var plain = await fixture.StartFlightAsync(Booking);
        var plainResult = await plain.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var plainRaw = await RawHistoryAsync(plain);
        new[] { "carol", plainResult.BookingReference!, await PaymentIdAsync(plain.Id) }
            .Should().OnlyContain(secret => Contains(plainRaw, secret));

        // saga status, a process with the keys, reads the saga's state (an encrypted query result); without them it cannot.
        var (withKeys, statusJson) = await StarterAsync(keyEntry, "saga", "status", id, "--json");
        withKeys.Should().Be(0, statusJson);
        statusJson.Should().Contain("\"status\": \"Completed\"").And.Contain("\"name\": \"PROCESS_PAYMENT\"");
        var (withoutKeys, error) = await StarterAsync(null, "saga", "status", id, "--json");
        withoutKeys.Should().Be(2, error);
        error.Should().NotContain("PROCESS_PAYMENT").And.Contain("ENCRYPTION_KEY_MISSING").And.Contain("key 'e2e'");

        // The replayer replays the encrypted history with the keys, and cannot without them.
        var history = await handle.FetchHistoryAsync();
        var replay = await new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = SagaDataConverter.Create(keys) }
            .AddWorkflow<FlightBookingWorkflow>()).ReplayWorkflowAsync(history, throwOnReplayFailure: false);
        replay.ReplayFailure.Should().BeNull();
        var blind = await new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = SagaDataConverter.Instance }
            .AddWorkflow<FlightBookingWorkflow>()).ReplayWorkflowAsync(history, throwOnReplayFailure: false);
        blind.ReplayFailure.Should().NotBeNull();
    }

    private async Task<string> PaymentIdAsync(string workflowId)
    {
        await using var db = fixture.Db();
        return await db.Payments().Where(p => p.IdempotencyKey.StartsWith(workflowId + "/")).Select(p => p.Id).SingleAsync();
    }

    private static async Task<byte[]> RawHistoryAsync(WorkflowHandle handle)
    {
        var history = await handle.FetchHistoryAsync();
        return history.Events.SelectMany(e => Google.Protobuf.MessageExtensions.ToByteArray(e)).ToArray();
    }

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;

    private async Task<(int ExitCode, string Output)> StarterAsync(string? keyEntry, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TemporalSagas.Starter.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["TEMPORAL_ADDRESS"] = fixture.Client.Connection.Options.TargetHost,
                ["TEMPORAL_NAMESPACE"] = fixture.Client.Options.Namespace,
                ["ConnectionStrings__Sagas"] = fixture.ConnectionString,
                [PayloadEncryptionKeys.KeysVariable] = keyEntry ?? string.Empty,
            },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await stdout + await stderr);
    }
}
