using Gtm.Activities.Experiments;
using Gtm.Activities.Storage;
using Gtm.Domain.Experiments;
using Gtm.Domain.Ventures;
using Microsoft.DurableTask.Client;
using Microsoft.Azure.Functions.Worker;
using Gtm.Functions.Http;
using Gtm.Orchestrations;
using Microsoft.AspNetCore.Http;

namespace Gtm.Functions.Experiments;

/// <summary>What an operator sends to A/B-test one element of a live campaign.</summary>
public sealed record AbTestRequest(string? CampaignId, string? Element, double PilotShare = AbPilot.MaxShare, double WindowDays = AbPilot.MinWindowDays, double WinProbability = 0.95);

/// <summary>
/// SPEC C8 through the API: start an A/B test of a live campaign's element (its variants, a pilot
/// of 5 to 10 % of the audience, a window of at least a market week), and every test of a
/// venture with its latest verdict. One test per campaign at a time, as the platforms allow.
/// </summary>
public sealed class AbTestsApi(AbTestStore tests, AbTestStarter starter)
{
    [Function("GetAbTests")]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/ventures/{ventureId}/ab-tests")] HttpRequest request, string ventureId, CancellationToken cancellation) =>
        Results.Json(await tests.ForVentureAsync(ventureId, cancellation), ContractJson.Options);

    [Function("StartAbTest")]
    public async Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/ventures/{ventureId}/ab-tests")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context,
        string ventureId,
        CancellationToken cancellation)
    {
        (AbTestRequest? body, string? unreadable) = await JsonBody.ReadAsAsync<AbTestRequest>(request, cancellation);
        if (body is null)
        {
            return Invalid($"The body must be JSON with campaign_id and element, and optionally pilot_share, window_days and win_probability: {unreadable}.", "");
        }

        var rules = new AbTestRules(body.WinProbability);
        if (new AbPilot(body.PilotShare, body.WindowDays).Validate(shareField: "pilot_share").Concat(rules.Validate()).FirstOrDefault() is ({ } pointer, { } problem))
        {
            return Invalid(problem, pointer);
        }

        return await starter.StartAsync(client, ventureId, body.CampaignId ?? "", body.Element ?? "", body.PilotShare, body.WindowDays, rules, cancellation) switch
        {
            AbTestStart.Started started => await DurableStarts.AcceptedAsync(client, context, started.TestId),
            AbTestStart.NotLive => Problems.Result(StatusCodes.Status404NotFound, "Not live", $"Venture '{ventureId}' has no live campaigns to test."),
            AbTestStart.NoCampaign => Invalid($"Venture '{ventureId}' has no live campaign '{body.CampaignId}'.", "/campaign_id"),
            AbTestStart.NoElement none => Invalid($"'{body.Element}' is not an element of {body.CampaignId} with 2 to 5 variants; it has: {string.Join(", ", none.Elements)}.", "/element"),
            AbTestStart.Busy busy => Problems.Result(StatusCodes.Status409Conflict, "A test is running", $"Campaign '{body.CampaignId}' is already testing {busy.Element} ({busy.TestId})."),
            var other => throw new InvalidOperationException($"Unknown start outcome {other}."),
        };
    }

    private static IResult Invalid(string detail, string pointer) =>
        Problems.Result(StatusCodes.Status400BadRequest, "Invalid A/B test", detail, new Dictionary<string, object?> { ["errors"] = new[] { new { pointer, message = detail } } });
}
