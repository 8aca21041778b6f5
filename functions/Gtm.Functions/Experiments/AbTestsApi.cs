using System.Text.Json;
using Gtm.Activities.Experiments;
using Gtm.Activities.Launch;
using Gtm.Activities.Storage;
using Gtm.Channels;
using Gtm.Domain.Content;
using Gtm.Domain.Experiments;
using Gtm.Domain.Monitoring;
using Gtm.Domain.Ventures;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Azure.Functions.Worker;
using Gtm.Functions.Http;
using Gtm.Orchestrations;
using Microsoft.AspNetCore.Http;

namespace Gtm.Functions.Experiments;

/// <summary>What an operator sends to A/B-test one element of a live campaign.</summary>
public sealed record AbTestRequest(string? CampaignId, string? Element, double PilotShare = 0.1, double WindowDays = 7, double WinProbability = 0.95);

/// <summary>
/// SPEC C8 through the API: start an A/B test of a live campaign's element (its variants, a pilot
/// of 5 to 10 % of the audience, a window of at least a market week), and every test of a
/// venture with its latest verdict. One test per campaign at a time, as the platforms allow.
/// </summary>
public sealed class AbTestsApi(AbTestStore tests, MonitoringStore monitoring, ContentStore contents, MarketClock clock)
{
    public const double MinWindowDays = 7;

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
        if (body.PilotShare is < 0.05 or > 0.10 || double.IsNaN(body.PilotShare))
        {
            return Invalid($"The pilot takes 5 % to 10 % of the audience (0.05 to 0.10), not {body.PilotShare}.", "/pilot_share");
        }

        if (body.WindowDays is < MinWindowDays or > 60 || double.IsNaN(body.WindowDays))
        {
            return Invalid($"The window runs {MinWindowDays} to 60 market days, not {body.WindowDays}.", "/window_days");
        }

        if (rules.Validate() is [var (pointer, problem), ..])
        {
            return Invalid(problem, pointer);
        }

        if (await monitoring.GetAsync(ventureId, cancellation) is not { } live)
        {
            return Problems.Result(StatusCodes.Status404NotFound, "Not live", $"Venture '{ventureId}' has no live campaigns to test.");
        }

        LaunchedCampaign? campaign = JsonSerializer.Deserialize<List<LaunchedCampaign>>(live.CampaignsJson, ContractJson.Options)!.FirstOrDefault(c => c.CampaignId == body.CampaignId);
        CampaignContent? content = campaign is null ? null : await contents.GetAsync(ventureId, campaign.CampaignId, live.ContentGeneration, cancellation);
        if (campaign is null || content is null)
        {
            return Invalid($"Venture '{ventureId}' has no live campaign '{body.CampaignId}'.", "/campaign_id");
        }

        if (content.Elements.FirstOrDefault(e => e.Kind == body.Element) is not { Variants.Count: >= 2 } element)
        {
            return Invalid($"'{body.Element}' is not an element of {campaign.CampaignId} with 2 to 5 variants; it has: {string.Join(", ", content.Elements.Select(e => e.Kind))}.", "/element");
        }

        IReadOnlyList<AbTestRecord> earlier = await tests.ForVentureAsync(ventureId, cancellation);
        if (earlier.FirstOrDefault(t => t.CampaignId == campaign.CampaignId && t.ServedVariantId is null) is { } running)
        {
            return Problems.Result(StatusCodes.Status409Conflict, "A test is running", $"Campaign '{campaign.CampaignId}' is already testing {running.Element} ({running.TestId}).");
        }

        VentureInputs inputs = JsonSerializer.Deserialize<VentureInputs>(live.InputsJson, ContractJson.Options)!;
        string testId = $"ab-{campaign.CampaignId}-{element.Kind}-{earlier.Count(t => t.CampaignId == campaign.CampaignId) + 1}";
        var input = new AbTestInput(ventureId, testId, campaign, inputs.MarketStrategy, inputs.CustomerSegments.Single(s => s.Id == content.SegmentId), element.Kind,
            [.. element.Variants.Select(v => new ExperimentVariant(v.Id, v.Text))], body.PilotShare, body.WindowDays, rules, clock.Scale);
        return await client.StartOnceAsync(nameof(AbTest), input, testId, cancellation)
            ? await DurableStarts.AcceptedAsync(client, context, testId)
            : Problems.Result(StatusCodes.Status409Conflict, "A test is running", $"Test '{testId}' has already started.");
    }

    private static IResult Invalid(string detail, string pointer) =>
        Problems.Result(StatusCodes.Status400BadRequest, "Invalid A/B test", detail, new Dictionary<string, object?> { ["errors"] = new[] { new { pointer, message = detail } } });
}
