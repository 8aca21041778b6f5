using Azure.Data.Tables;
using Gtm.Durable.Tests.Support;
using Gtm.Durable.TestWorker;
using Gtm.Testing;

namespace Gtm.Durable.Tests.AzureStorage;

/// <summary>Workers die without warning; another one must finish their work with correct results.</summary>
[Trait("Category", "Integration")]
public sealed class CrashRecoveryTests
{
    [Fact(Timeout = 180_000)]
    public async Task Worker_killed_with_sigkill_mid_run_leaves_fifty_orchestrations_that_a_second_worker_completes()
    {
        const int Count = 50;
        const int Steps = 8;
        string connection = await Azurite.GetConnectionStringAsync();
        string hub = AzureHubFixture.UniqueHubName();
        await using TestHub client = await StartHubAsync(connection, hub, runWorker: false);
        client.DeletesStorageOnDispose = true;
        using WorkerProcess first = await WorkerProcess.StartAsync(connection, hub);
        string prefix = $"crash-{Guid.NewGuid():N}";
        string[] ids = [.. Enumerable.Range(0, Count).Select(n => $"{prefix}-{n:D2}")];
        foreach (string id in ids)
        {
            await client.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CrashChain), new CrashChainInput(Steps, 100), new StartOrchestrationOptions(id));
        }

        // Kill it in the middle: every instance has started, none has finished.
        await TestHub.EventuallyAsync(async () => (await ProgressAsync(client, ids)).Started == Count, TimeSpan.FromSeconds(60), "all instances started");
        first.Kill();
        (int started, int completed) = await ProgressAsync(client, ids);
        Assert.Equal(Count, started);
        Assert.True(completed < Count, $"the worker was killed after all {Count} completed; the test proves nothing");

        await using TestHub second = await StartHubAsync(connection, hub, runWorker: true);
        foreach (string id in ids)
        {
            OrchestrationMetadata done = await second.WaitAsync(id, TimeSpan.FromSeconds(120));
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.Equal(CrashChain.ExpectedOutput(id, Steps), done.ReadOutputAs<string>());
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task Crash_between_commit_and_outbox_delivery_is_recovered_by_the_next_worker()
    {
        string connection = await Azurite.GetConnectionStringAsync();
        string hub = AzureHubFixture.UniqueHubName();
        await using TestHub client = await StartHubAsync(connection, hub, runWorker: false);
        client.DeletesStorageOnDispose = true;
        using WorkerProcess crashing = await WorkerProcess.StartAsync(connection, hub, crashAfterCommit: true);
        string id = $"outbox-{Guid.NewGuid():N}";
        await client.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CrashChain), new CrashChainInput(3, 10), new StartOrchestrationOptions(id));

        await crashing.Crashed.WaitAsync(TimeSpan.FromSeconds(60));
        await TestHub.EventuallyAsync(() => Task.FromResult(crashing.HasExited), because: "the worker killed itself");
        var table = new TableClient(connection, hub);
        List<TableEntity> outboxes = await RowsAsync(table, id, "o-");
        Assert.Single(outboxes);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await client.Client.GetInstanceAsync(id))?.RuntimeStatus);

        await using TestHub recovering = await StartHubAsync(connection, hub, runWorker: true);
        OrchestrationMetadata done = await recovering.WaitAsync(id, TimeSpan.FromSeconds(120));

        Assert.Equal(CrashChain.ExpectedOutput(id, 3), done.ReadOutputAs<string>());
        Assert.Empty(await RowsAsync(table, id, "o-"));
    }

    private static Task<TestHub> StartHubAsync(string connection, string hub, bool runWorker) =>
        TestHub.StartAsync(b => b.UseAzureStorage(connection), o => AzureHubFixture.ConfigureForTests(o, hub), runWorker: runWorker);

    private static async Task<(int Started, int Completed)> ProgressAsync(TestHub hub, IEnumerable<string> ids)
    {
        int started = 0, completed = 0;
        foreach (string id in ids)
        {
            OrchestrationMetadata? instance = await hub.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
            started += instance?.SerializedCustomStatus is not null ? 1 : 0;
            completed += instance?.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? 1 : 0;
        }

        return (started, completed);
    }

    private static async Task<List<TableEntity>> RowsAsync(TableClient table, string instanceId, string rowKeyPrefix)
    {
        var rows = new List<TableEntity>();
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}")))
        {
            if (row.RowKey.StartsWith(rowKeyPrefix, StringComparison.Ordinal))
            {
                rows.Add(row);
            }
        }

        return rows;
    }
}
