using System.Net.Http.Json;
using System.Text.Json;

namespace Gtm.Demo;

internal static class StatusPolling
{
    /// <summary>Polls an instance's status link until it answers 200 (done), and returns the status.</summary>
    public static async Task<JsonElement> PollUntilDoneAsync(this HttpClient http, Uri status, CancellationToken cancellation)
    {
        while (true)
        {
            using HttpResponseMessage response = await http.GetAsync(status, cancellation);
            if (response.StatusCode == System.Net.HttpStatusCode.OK)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>(cancellation);
            }

            await Task.Delay(100, cancellation);
        }
    }
}
