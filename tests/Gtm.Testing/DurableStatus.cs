using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Gtm.Testing;

/// <summary>Polls an instance's status URL (Durable Functions' HTTP API) as its clients do, until the instance is done.</summary>
public static class DurableStatus
{
    /// <summary>
    /// Until the status answers 200 (completed) or 400 (failed or terminated), as Durable Functions
    /// answers; 202 while it runs, and anything else is an error. Returns the status body.
    /// </summary>
    public static async Task<JsonElement> PollUntilDoneAsync(HttpClient client, Uri status, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            using HttpResponseMessage response = await client.GetAsync(status).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
            }

            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new HttpRequestException($"{status} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException($"{status} did not complete");
    }
}
