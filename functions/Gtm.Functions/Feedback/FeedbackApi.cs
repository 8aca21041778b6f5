using Gtm.Activities.Launch;
using Gtm.Activities.Storage;
using Gtm.Domain.Ventures;
using Microsoft.Azure.Functions.Worker;
using Gtm.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Gtm.Functions.Feedback;

/// <summary>C9 and C12: a venture's survey feedback, and one campaign's, summed up (see <see cref="FeedbackReport"/>).</summary>
public sealed class FeedbackApi(SurveyedContentLookup lookup, FeedbackStore feedback)
{
    [Function("GetVentureFeedback")]
    public async Task<IResult> VentureAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/ventures/{ventureId}/feedback")] HttpRequest request, string ventureId, CancellationToken cancellation)
    {
        if (await lookup.CampaignsAsync(ventureId, cancellation) is not { } campaigns)
        {
            return UnknownVenture(ventureId);
        }

        return Results.Json(FeedbackReport.ForVenture(ventureId, campaigns, await feedback.ForVentureAsync(ventureId, cancellation)), ContractJson.Options);
    }

    [Function("GetCampaignFeedback")]
    public async Task<IResult> CampaignAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/ventures/{ventureId}/campaigns/{campaignId}/feedback")] HttpRequest request, string ventureId, string campaignId, CancellationToken cancellation)
    {
        if (await lookup.CampaignsAsync(ventureId, cancellation) is not { } campaigns)
        {
            return UnknownVenture(ventureId);
        }

        if (campaigns.FirstOrDefault(c => c.CampaignId == campaignId) is not LaunchedCampaign campaign)
        {
            return Problems.Result(StatusCodes.Status404NotFound, "Campaign not found", $"Venture '{ventureId}' has no campaign '{campaignId}'.");
        }

        return Results.Json(FeedbackReport.ForCampaign(ventureId, campaign, await feedback.ForCampaignAsync(ventureId, campaignId, cancellation)), ContractJson.Options);
    }

    private static IResult UnknownVenture(string ventureId) =>
        Problems.Result(StatusCodes.Status404NotFound, "Venture not found", $"No venture with id '{ventureId}' has been through Stage 17.");
}
