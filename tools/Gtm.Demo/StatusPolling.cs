using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Gtm.Demo;

internal static class StatusPolling
{
    /// <summary>
    /// Polls an instance's status link (Durable Functions' HTTP API, the kickoff's Location) until
    /// it answers 200 (completed) or 400 (failed or terminated), and returns the status; a run that
    /// did not complete stops the demo with its failure.
    /// </summary>
    public static async Task<JsonElement> PollUntilDoneAsync(this HttpClient http, Uri status, CancellationToken cancellation)
    {
        while (true)
        {
            using HttpResponseMessage response = await http.GetAsync(status, cancellation);
            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest)
            {
                JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellation);
                return response.StatusCode == HttpStatusCode.OK
                    ? body
                    : throw new InvalidOperationException($"{status} ended {body.GetProperty("runtimeStatus").GetString()}: {body.GetProperty("failureDetails")}");
            }

            await Task.Delay(100, cancellation);
        }
    }
}
