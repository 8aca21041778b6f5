using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Gtm.Functions.Tests.Support;

/// <summary>Polls an instance's status URL (Durable Functions' HTTP API) until the instance is done.</summary>
public static class DurableStatus
{
    /// <summary>
    /// Until the status answers 200 (completed) or 400 (failed or terminated), as Durable Functions
    /// answers; 202 while it runs. Returns the status body.
    /// </summary>
    public static async Task<JsonElement> PollUntilDoneAsync(HttpClient client, Uri status, TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            using HttpResponseMessage response = await client.GetAsync(status);
            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await Task.Delay(100);
        }

        throw new TimeoutException($"{status} did not complete");
    }
}
