using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gtm.Functions.Tests.Support;

namespace Gtm.Functions.Tests.Durable;

[Trait("Category", "Integration")]
public sealed class DurableHttpTests : IAsyncLifetime
{
    private FunctionsHost host = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        host = await FunctionsHost.StartAsync();
        client = host.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.FunctionKey);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    /// <summary>Polls a statusQueryGetUri as a client of Durable Functions does: 202 while running, then 200.</summary>
    public static async Task<JsonElement> PollUntilDoneAsync(HttpClient client, Uri status, bool expectRunningFirst = false)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        bool sawRunning = false;
        while (DateTime.UtcNow < deadline)
        {
            using HttpResponseMessage response = await client.GetAsync(status);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.True(sawRunning || !expectRunningFirst, "the status never answered 202 while running");
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            sawRunning = true;
            await Task.Delay(100);
        }

        throw new TimeoutException($"{status} did not complete");
    }

    private async Task<JsonElement> StartAsync(string orchestrator, string input, string? instanceId = null)
    {
        using HttpResponseMessage response = await client.PostAsync(
            $"/api/orchestrators/{orchestrator}{(instanceId is null ? "" : "/" + instanceId)}", new StringContent(input, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        JsonElement links = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(links.GetProperty("statusQueryGetUri").GetString(), response.Headers.Location?.ToString());
        return links;
    }

    [Fact]
    public async Task A_starter_returns_202_with_every_management_link_and_the_status_goes_from_202_to_200()
    {
        JsonElement links = await StartAsync("HelloSequence", """["Tokyo","Seattle","London"]""");
        foreach (string name in new[] { "id", "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "suspendPostUri", "resumePostUri", "purgeHistoryDeleteUri" })
        {
            Assert.False(string.IsNullOrEmpty(links.GetProperty(name).GetString()), name);
        }

        JsonElement done = await PollUntilDoneAsync(client, new Uri(links.GetProperty("statusQueryGetUri").GetString()!));
        Assert.True(done.GetProperty("runtimeStatus").GetString() == "Completed", done.ToString());
        Assert.Equal(3, done.GetProperty("output").GetArrayLength());

        using HttpResponseMessage withHistory = await client.GetAsync(links.GetProperty("statusQueryGetUri").GetString() + "?showHistory=true");
        JsonElement history = (await withHistory.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("historyEvents");
        Assert.Contains(history.EnumerateArray(), e => e.GetProperty("type").GetString() == "ExecutionCompleted");
    }

    [Fact]
    public async Task Events_are_raised_through_sendEventPostUri_and_custom_status_is_shown()
    {
        string id = $"approval-{Guid.NewGuid():N}";
        JsonElement links = await StartAsync("ApprovalWorkflow", """{"subject":"budget","timeout":"00:05:00"}""", id);
        var status = new Uri(links.GetProperty("statusQueryGetUri").GetString()!);
        await WaitForAsync(async () => (await client.GetFromJsonAsync<JsonElement>(status)).GetProperty("customStatus").ValueKind == JsonValueKind.Object);

        string raise = links.GetProperty("sendEventPostUri").GetString()!.Replace("{eventName}", "ApprovalDecision", StringComparison.Ordinal);
        using HttpResponseMessage raised = await client.PostAsync(raise, JsonContent.Create(new { approved = true, by = "lead@studio" }));
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        JsonElement done = await PollUntilDoneAsync(client, status);
        Assert.True(done.GetProperty("output").GetString()?.Contains("approved by lead@studio", StringComparison.Ordinal), done.ToString());
    }

    [Fact]
    public async Task Suspend_resume_terminate_query_and_purge()
    {
        string id = $"manage-{Guid.NewGuid():N}";
        JsonElement links = await StartAsync("ApprovalWorkflow", """{"subject":"x","timeout":"00:05:00"}""", id);
        var status = new Uri(links.GetProperty("statusQueryGetUri").GetString()!);
        await WaitForAsync(async () => (await client.GetFromJsonAsync<JsonElement>(status)).GetProperty("runtimeStatus").GetString() == "Running");

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync(Fill(links, "suspendPostUri"), null)).StatusCode);
        await WaitForAsync(async () => (await client.GetFromJsonAsync<JsonElement>(status)).GetProperty("runtimeStatus").GetString() == "Suspended");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync(Fill(links, "resumePostUri"), null)).StatusCode);
        await WaitForAsync(async () => (await client.GetFromJsonAsync<JsonElement>(status)).GetProperty("runtimeStatus").GetString() == "Running");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync(Fill(links, "terminatePostUri"), null)).StatusCode);
        JsonElement done = await PollUntilDoneAsync(client, status);
        Assert.Equal("Terminated", done.GetProperty("runtimeStatus").GetString());

        JsonElement found = await client.GetFromJsonAsync<JsonElement>($"/api/runtime/webhooks/durabletask/instances?runtimeStatus=Terminated&instanceIdPrefix={id}");
        Assert.Equal(id, Assert.Single(found.EnumerateArray()).GetProperty("instanceId").GetString());
        using HttpResponseMessage badQuery = await client.GetAsync("/api/runtime/webhooks/durabletask/instances?runtimeStatus=Sleeping");
        Assert.Equal(HttpStatusCode.BadRequest, badQuery.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync(links.GetProperty("purgeHistoryDeleteUri").GetString())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(status)).StatusCode);
    }

    [Fact]
    public async Task Unknown_orchestrations_and_instances_are_404_problems()
    {
        using HttpResponseMessage unknown = await client.PostAsync("/api/orchestrators/NoSuchThing", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        using HttpResponseMessage missing = await client.GetAsync("/api/runtime/webhooks/durabletask/instances/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static string Fill(JsonElement links, string name) =>
        links.GetProperty(name).GetString()!.Replace("reason={text}", "reason=test", StringComparison.Ordinal);

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(100);
        }
    }
}
