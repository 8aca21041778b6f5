using Gtm.Domain.Ventures;
using Gtm.Durable;
using Gtm.Functions.Declarations;
using Gtm.Functions.Durable;
using Gtm.Functions.Hosting;
using Gtm.Functions.Http;
using Gtm.Orchestrations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Gtm.Functions.Functions.Ventures;

/// <summary>
/// POST /api/ventures: entry gates 1 and 2 on the body (market_strategy, customer_segments,
/// marketing_channels), then Stage 17 started as instance <c>stage17-{venture id}</c>; 202 with the
/// management links. A rejected body gets 400 problem details listing every error, and nothing
/// is started or stored.
/// </summary>
public sealed class KickoffVenture(DurableTaskClient client, IOptions<FunctionsHostOptions> host)
{
    [Function(nameof(KickoffVenture))]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "ventures")] HttpRequest request, CancellationToken cancellation)
    {
        using var reader = new StreamReader(request.Body);
        string body = await reader.ReadToEndAsync(cancellation);
        KickoffValidator.Result validation = KickoffValidator.Validate(body);
        if (!validation.IsValid)
        {
            return VentureProblems.Invalid(validation.Errors);
        }

        string scenario = request.Query["scenario"].FirstOrDefault() ?? "healthy";
        if (!Gtm.Channels.Sandbox.SandboxScenario.Names.Contains(scenario))
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Unknown scenario", $"'scenario' must be one of: {string.Join(", ", Gtm.Channels.Sandbox.SandboxScenario.Names)}.");
        }

        string instanceId = StageInstance(validation.Inputs!.MarketStrategy.VentureId);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(Stage17), new Stage17Input(validation.Inputs, validation.RequestedBy ?? "http", Scenario: scenario, Validation: validation.Validation), new StartOrchestrationOptions(instanceId), cancellation);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return Problems.Result(StatusCodes.Status409Conflict, "Venture already in Stage 17", $"Venture '{validation.Inputs.MarketStrategy.VentureId}' already has a Stage 17 run ({instanceId}).");
        }

        return DurableHttp.CheckStatusResponse(request, instanceId, host.Value.RoutePrefix);
    }

    public static string StageInstance(string ventureId) => $"stage17-{ventureId}";
}
