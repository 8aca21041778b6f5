using System.Text.Json;
using Gtm.Durable;
using Gtm.Functions.Declarations;
using Gtm.Functions.Durable;
using Gtm.Functions.Hosting;
using Gtm.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Gtm.Functions.Functions;

/// <summary>
/// POST /api/orchestrators/{name}[/{instanceId}]: starts any registered orchestration with the
/// JSON body as input and answers 202 with its management links, like Durable Functions' starter.
/// </summary>
public sealed class StartOrchestration(DurableTaskClient client, DurableTaskRegistry registry, IOptions<FunctionsHostOptions> host)
{
    [Function(nameof(StartOrchestration))]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "orchestrators/{name}/{instanceId?}")] HttpRequest request,
        string name, CancellationToken cancellation, string? instanceId = null)
    {
        if (!registry.Orchestrators.ContainsKey(name))
        {
            return Problems.Result(StatusCodes.Status404NotFound, "Unknown orchestration", $"No orchestration named '{name}' is registered with this host.");
        }

        JsonElement? input;
        try
        {
            input = await JsonBody.ReadAsync(request, cancellation);
        }
        catch (JsonException ex)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Invalid input", $"The body must be JSON: {ex.Message}");
        }

        try
        {
            string id = await client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId), cancellation);
            return DurableHttp.CheckStatusResponse(request, id, host.Value.RoutePrefix);
        }
        catch (OrchestrationAlreadyExistsException ex)
        {
            return Problems.Result(StatusCodes.Status409Conflict, "Instance exists", ex.Message);
        }
        catch (ArgumentException ex)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Invalid instance id", ex.Message);
        }
    }
}
