using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gtm.LocalRunner.Tests.Support;
using Gtm.Testing;

namespace Gtm.LocalRunner.Tests.Durable;

/// <summary>
/// Durable Functions' HTTP API as the runner serves it at /runtime/webhooks/durabletask, on Azure
/// Storage: start with 202 and the management links, status with custom status and history, raise
/// event, suspend, resume, terminate, query and purge, and problem details for what does not exist.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DurableHttpApiTests(AzureStorageTaskHubFixture hub) : IClassFixture<AzureStorageTaskHubFixture>, IDisposable
{
    private readonly HttpClient client = Client(hub);

    public void Dispose() => client.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task A_start_returns_202_with_every_management_link_and_the_status_goes_from_202_to_200_with_history()
    {
        JsonElement links = await StartAsync(nameof(PatternFunctions.HelloSequence), """["Tokyo","Seattle","London"]""");
        foreach (string name in new[] { "id", "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "suspendPostUri", "resumePostUri", "purgeHistoryDeleteUri" })
        {
            Assert.False(string.IsNullOrEmpty(links.GetProperty(name).GetString()), name);
        }

        JsonElement done = await DurableStatus.PollUntilDoneAsync(client, new Uri(links.GetProperty("statusQueryGetUri").GetString()!));
        Assert.True(done.GetProperty("runtimeStatus").GetString() == "Completed", done.ToString());
        Assert.Equal(3, done.GetProperty("output").GetArrayLength());

        JsonElement history = (await client.GetFromJsonAsync<JsonElement>(links.GetProperty("statusQueryGetUri").GetString() + "?showHistory=true")).GetProperty("historyEvents");
        Assert.Contains(history.EnumerateArray(), e => e.GetProperty("EventType").GetString() == "ExecutionCompleted");
        Assert.Equal(3, history.EnumerateArray().Count(e => e.GetProperty("EventType").GetString() == "TaskCompleted"));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_failed_instance_answers_400_with_its_failure()
    {
        JsonElement links = await StartAsync(nameof(PatternFunctions.FailsUncaught), "\"via http\"");

        JsonElement done = await DurableStatus.PollUntilDoneAsync(client, new Uri(links.GetProperty("statusQueryGetUri").GetString()!));

        Assert.Equal("Failed", done.GetProperty("runtimeStatus").GetString());
        Assert.Contains("boom: via http", done.GetProperty("failureDetails").GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Events_are_raised_through_sendEventPostUri_and_custom_status_is_shown()
    {
        JsonElement links = await StartAsync(nameof(PatternFunctions.Approval), """{"subject":"budget","timeout":"00:05:00"}""", $"approval-{Guid.NewGuid():N}");
        var status = new Uri(links.GetProperty("statusQueryGetUri").GetString()!);
        await Eventually.TrueAsync(async () => (await client.GetFromJsonAsync<JsonElement>(status)).GetProperty("customStatus").ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(30), "custom status");

        string raise = links.GetProperty("sendEventPostUri").GetString()!.Replace("{eventName}", PatternFunctions.DecisionEvent, StringComparison.Ordinal);
        using HttpResponseMessage raised = await client.PostAsync(raise, JsonContent.Create(new { approved = true, by = "lead@studio" }));
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        JsonElement done = await DurableStatus.PollUntilDoneAsync(client, status);
        Assert.Equal("'budget' approved by lead@studio", done.GetProperty("output").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task Suspend_resume_terminate_query_and_purge()
    {
        string id = $"manage-{Guid.NewGuid():N}";
        JsonElement links = await StartAsync(nameof(PatternFunctions.WaitForGo), "\"x\"", id);
        var status = new Uri(links.GetProperty("statusQueryGetUri").GetString()!);
        await WaitForStatusAsync(status, "Running");

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync(Fill(links, "suspendPostUri"), null)).StatusCode);
        await WaitForStatusAsync(status, "Suspended");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync(Fill(links, "resumePostUri"), null)).StatusCode);
        await WaitForStatusAsync(status, "Running");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync(Fill(links, "terminatePostUri"), null)).StatusCode);
        JsonElement done = await DurableStatus.PollUntilDoneAsync(client, status);
        Assert.Equal("Terminated", done.GetProperty("runtimeStatus").GetString());
        Assert.Equal(HttpStatusCode.Gone, (await client.PostAsync(Fill(links, "terminatePostUri"), null)).StatusCode);

        JsonElement found = await client.GetFromJsonAsync<JsonElement>($"/runtime/webhooks/durabletask/instances?runtimeStatus=Terminated&instanceIdPrefix={id}");
        Assert.Equal(id, Assert.Single(found.EnumerateArray()).GetProperty("instanceId").GetString());
        using HttpResponseMessage badQuery = await client.GetAsync("/runtime/webhooks/durabletask/instances?runtimeStatus=Sleeping");
        Assert.Equal(HttpStatusCode.BadRequest, badQuery.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync(links.GetProperty("purgeHistoryDeleteUri").GetString())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(status)).StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_finished_instance_restarts_with_its_input_and_a_failed_one_rewinds_to_success()
    {
        JsonElement links = await StartAsync(nameof(PatternFunctions.HelloSequence), """["Porto"]""", $"restart-{Guid.NewGuid():N}");
        var status = new Uri(links.GetProperty("statusQueryGetUri").GetString()!);
        await DurableStatus.PollUntilDoneAsync(client, status);
        using HttpResponseMessage restarted = await client.PostAsync(links.GetProperty("restartPostUri").GetString(), null);
        Assert.Equal(HttpStatusCode.Accepted, restarted.StatusCode);
        Assert.Equal("Hello, Porto!", (await DurableStatus.PollUntilDoneAsync(client, status)).GetProperty("output")[0].GetString());

        JsonElement flaky = await StartAsync(nameof(PatternFunctions.NoRetry), $$"""{"key":"rewind-{{Guid.NewGuid():N}}","failuresBeforeSuccess":1}""");
        var flakyStatus = new Uri(flaky.GetProperty("statusQueryGetUri").GetString()!);
        Assert.Equal("Failed", (await DurableStatus.PollUntilDoneAsync(client, flakyStatus)).GetProperty("runtimeStatus").GetString());
        using HttpResponseMessage rewound = await client.PostAsync(flaky.GetProperty("rewindPostUri").GetString()!.Replace("reason={text}", "reason=retry", StringComparison.Ordinal), null);
        Assert.Equal(HttpStatusCode.Accepted, rewound.StatusCode);
        await Eventually.TrueAsync(async () => (await client.GetAsync(flakyStatus)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the rewound instance completed");
        Assert.Equal("succeeded on attempt 2", (await client.GetFromJsonAsync<JsonElement>(flakyStatus)).GetProperty("output").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task Unknown_orchestrators_and_instances_are_404_problems_and_no_key_is_401()
    {
        using HttpResponseMessage unknown = await client.PostAsync("/runtime/webhooks/durabletask/orchestrators/NoSuchThing", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/runtime/webhooks/durabletask/instances/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/runtime/webhooks/durabletask/instances/nope/raiseEvent/go", null)).StatusCode);

        using var anonymous = new HttpClient { BaseAddress = hub.Runner.Address };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/runtime/webhooks/durabletask/instances")).StatusCode);
    }

    private static HttpClient Client(TaskHubFixture hub)
    {
        var client = new HttpClient { BaseAddress = hub.Runner.Address };
        client.DefaultRequestHeaders.Add("x-functions-key", hub.Runner.MasterKey);
        return client;
    }

    private async Task<JsonElement> StartAsync(string orchestrator, string input, string? instanceId = null)
    {
        using HttpResponseMessage response = await client.PostAsync(
            $"/runtime/webhooks/durabletask/orchestrators/{orchestrator}{(instanceId is null ? "" : "/" + instanceId)}", new StringContent(input, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        JsonElement links = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(links.GetProperty("statusQueryGetUri").GetString(), response.Headers.Location?.ToString());
        return links;
    }

    private Task WaitForStatusAsync(Uri status, string runtimeStatus) =>
        Eventually.TrueAsync(async () => (await client.GetFromJsonAsync<JsonElement>(status)).GetProperty("runtimeStatus").GetString() == runtimeStatus, TimeSpan.FromSeconds(30), runtimeStatus);

    private static string Fill(JsonElement links, string name) =>
        links.GetProperty(name).GetString()!.Replace("reason={text}", "reason=test", StringComparison.Ordinal);
}
