using Gtm.Domain.Ventures;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Azure.Functions.Worker;
using Gtm.Functions.Http;
using Gtm.Orchestrations;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Gtm.Functions.Ventures;

/// <summary>
/// POST /api/ventures: entry gates 1 and 2 on the body (market_strategy, customer_segments,
/// marketing_channels), then Stage 17 started as instance <c>stage17-{venture id}</c>; 202 with the
/// management links. A rejected body gets 400 problem details listing every error, and nothing
/// is started or stored.
/// </summary>
public sealed class KickoffVenture
{
    /// <summary>A kickoff body is at most this long (a standard venture takes about 6,000).</summary>
    public const int MaxBodyCharacters = 512 * 1024;

    [Function(nameof(KickoffVenture))]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/ventures")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context,
        CancellationToken cancellation)
    {
        string? body;
        try
        {
            body = await RequestText.ReadAsync(request, MaxBodyCharacters, cancellation);
        }
        catch (DecoderFallbackException ex)
        {
            return RequestText.NotUtf8(ex);
        }

        if (body is null)
        {
            return Problems.Result(StatusCodes.Status413PayloadTooLarge, "Body too large", $"A kickoff body is at most {MaxBodyCharacters} characters.");
        }

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
        var input = new Stage17Input(validation.Inputs, validation.RequestedBy ?? "http", Scenario: scenario, Validation: validation.Validation, Pilot: validation.Pilot);
        return await client.StartOnceAsync(nameof(Stage17), input, instanceId, cancellation)
            ? await DurableStarts.AcceptedAsync(client, context, instanceId)
            : Problems.Result(StatusCodes.Status409Conflict, "Venture already in Stage 17", $"Venture '{validation.Inputs.MarketStrategy.VentureId}' already has a Stage 17 run ({instanceId}).");
    }

    public static string StageInstance(string ventureId) => $"stage17-{ventureId}";
}
