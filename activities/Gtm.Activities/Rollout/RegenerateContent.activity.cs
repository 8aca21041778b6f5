using System.Text.Json;
using Gtm.Activities.Storage;
using Gtm.Activities.Strategy;
using Gtm.Domain.Content;
using Gtm.Domain.Contracts;
using Gtm.Domain.Ventures;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Rollout;

/// <summary>
/// Recursion's 17.2 for one campaign: regenerates the elements the trigger names without the texts
/// the whole audience is served now, each element's first variant (GTM-001 and an operator's
/// rollout: every element; GTM-003: the offer and the call to action), keeps the others, validates
/// the result and stores it as the next generation. The other live variants reached only an A/B
/// pilot's share, so they may come back: avoiding them too left channels with short limits (an
/// email body of 600 characters) too few texts to make a generation of. A generation stored before
/// is returned as it is (idempotent).
/// </summary>
public sealed class RegenerateContent(ContentStore contents, MonitoringStore monitoring, IContentGenerator generator) : TaskActivity<RegenerateInput, CampaignContent>
{
    /// <summary>Where each channel states its offer.</summary>
    private static readonly HashSet<string> OfferElements = ["call_to_action", "body", "description", "primary_text", "intro_text"];

    [Function(nameof(RegenerateContent))]
    public Task<CampaignContent> Run([ActivityTrigger] RegenerateInput input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(RegenerateContent), instanceId), input);

    public override async Task<CampaignContent> RunAsync(TaskActivityContext context, RegenerateInput input)
    {
        CancellationToken none = CancellationToken.None;
        if (await contents.GetAsync(input.VentureId, input.CampaignId, input.ToGeneration, none) is { } done)
        {
            return done;
        }

        CampaignContent live = await contents.GetAsync(input.VentureId, input.CampaignId, input.FromGeneration, none)
            ?? throw new InvalidOperationException($"Campaign '{input.CampaignId}' has no stored content of generation {input.FromGeneration}.");
        MonitoredVenture venture = await monitoring.GetAsync(input.VentureId, none) ?? throw new InvalidOperationException($"Venture '{input.VentureId}' is not monitored.");
        VentureInputs inputs = JsonSerializer.Deserialize<VentureInputs>(venture.InputsJson, ContractJson.Options)!;
        CustomerSegment segment = inputs.CustomerSegments.First(s => s.Id == live.SegmentId);
        bool Targeted(string element) => input.Trigger != "GTM-003" || OfferElements.Contains(element);
        string[] avoid = [.. live.Elements.Where(e => Targeted(e.Kind) && e.Variants.Count > 0).Select(e => e.Variants[0].Text)];
        CampaignContent fresh = await generator.GenerateAsync(new ContentRequest(inputs.MarketStrategy, segment, live.Channel, live.Elements.Max(e => e.Variants.Count), avoid), none);
        CampaignContent next = live with
        {
            Elements = [.. live.Elements.Select(e => Targeted(e.Kind) ? fresh.Elements.First(f => f.Kind == e.Kind) : e)],
            Utm = live.Utm with { Content = $"g{input.ToGeneration}" },
        };
        OutputContract.Ensure(Contract.CampaignTemplate, next);
        await contents.SaveAsync(input.ToGeneration, [next], none);
        return next;
    }
}
