using System.Text.Json;
using Gtm.Activities.Launch;
using Gtm.Activities.Storage;
using Gtm.Activities.Strategy;
using Gtm.Domain.Contracts;
using Gtm.Domain.Ventures;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Handoff;

/// <summary>The <c>stage18_handoff</c> contract as a record.</summary>
public sealed record Stage18Handoff(string MessageId, string VentureId, int ConfigVersion, IReadOnlyList<HandoffCampaign> Campaigns, IReadOnlyList<string> Workflows, DateTimeOffset HandedOffAt);

public sealed record HandoffCampaign(string Id, string Channel, string PlatformCampaignId, string Status);

public sealed record PublishHandoffInput(string VentureId, int ConfigVersion, IReadOnlyList<LaunchedCampaign> Campaigns, IReadOnlyList<string> Workflows);

/// <summary>
/// C10: publishes the schema-valid handoff on the stage18-handoff queue. The message id is derived
/// from the venture and version, so a retried publish is recognised downstream as the same message.
/// </summary>
public sealed class PublishHandoff(GtmStorage storage, TimeProvider time) : TaskActivity<PublishHandoffInput, string>
{
    [Function(nameof(PublishHandoff))]
    public Task<string> Run([ActivityTrigger] PublishHandoffInput input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(PublishHandoff), instanceId), input);

    public override async Task<string> RunAsync(TaskActivityContext context, PublishHandoffInput input)
    {
        var handoff = new Stage18Handoff(
            $"{input.VentureId}-v{input.ConfigVersion}-handoff",
            input.VentureId,
            input.ConfigVersion,
            [.. input.Campaigns.Select(c => new HandoffCampaign(c.CampaignId, c.Channel, c.PlatformCampaignId, "active"))],
            input.Workflows,
            time.GetUtcNow());
        OutputContract.Ensure(Contract.Stage18Handoff, handoff);
        await storage.Stage18.SendMessageAsync(JsonSerializer.Serialize(handoff, ContractJson.Options));
        return handoff.MessageId;
    }
}
