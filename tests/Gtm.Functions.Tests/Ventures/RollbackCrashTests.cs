using System.Net.Http.Json;
using System.Text.Json;
using Gtm.Functions.Tests.Durable;
using Gtm.Functions.Tests.Hosting;
using Gtm.Functions.Tests.Support;

namespace Gtm.Functions.Tests.Ventures;

[Trait("Category", "Integration")]
public sealed class RollbackCrashTests
{
    [Fact(Timeout = 240_000)]
    public async Task A_host_killed_in_the_middle_of_a_rollback_saga_finishes_it_after_restart()
    {
        (string root, string hub, _) = await HostProcessTests.ContentRootAsync();
        string venture = $"crash-{hub}"[..20];
        Uri rollback;
        using (HostProcess first = await HostProcess.StartAsync(root))
        {
            using HttpClient client = Client(first);
            JsonElement launched = await VentureClient.LaunchAsync(client, venture);
            Assert.Equal("launched", launched.GetProperty("outcome").GetString());
            await first.TerminateAsync(TimeSpan.FromSeconds(60));
        }

        // A host whose LinkedIn pauses time out: the saga sits in its retries when the host dies.
        string settings = Path.Combine(root, "local.settings.json");
        string original = await File.ReadAllTextAsync(settings);
        await File.WriteAllTextAsync(settings, original.Replace("\"Values\": {", "\"Values\": {\n    \"Sandbox__Faults\": \"linkedin:pause:Timeout:6\",", StringComparison.Ordinal));
        using (HostProcess slow = await HostProcess.StartAsync(root))
        {
            using HttpClient client = Client(slow);
            rollback = await VentureClient.StartRollbackAsync(client, venture, "crash test");

            // Killed as soon as the saga runs (it is pending until a worker picks it up), while it retries the pauses.
            string status = "Pending";
            for (DateTime deadline = DateTime.UtcNow.AddSeconds(20); status == "Pending" && DateTime.UtcNow < deadline; await Task.Delay(50))
            {
                status = (await client.GetFromJsonAsync<JsonElement>(rollback)).GetProperty("runtimeStatus").GetString()!;
            }

            Assert.Equal("Running", status);
            slow.Kill();
        }

        await File.WriteAllTextAsync(settings, original);
        using (HostProcess restarted = await HostProcess.StartAsync(root))
        {
            using HttpClient client = Client(restarted);
            var status = new Uri(restarted.Address, rollback.PathAndQuery);
            JsonElement done = await DurableHttpTests.PollUntilDoneAsync(client, status);
            Assert.True(done.GetProperty("output").GetProperty("completed").GetBoolean(), done.ToString());
            Assert.Equal("rolled_back", (await client.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}")).GetProperty("state").GetString());
            await restarted.TerminateAsync(TimeSpan.FromSeconds(60));
        }

        Directory.Delete(root, recursive: true);
    }

    private static HttpClient Client(HostProcess host)
    {
        var client = new HttpClient { BaseAddress = host.Address };
        client.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.MasterKey);
        return client;
    }
}
