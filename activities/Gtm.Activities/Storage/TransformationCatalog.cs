using Azure.Data.Tables;

namespace Gtm.Activities.Storage;

/// <summary>A transformation rule: what turns which inputs into which output, versioned.</summary>
public sealed record TransformationRule(string Id, string Description, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, int Version);

/// <summary>The catalog of transformation rules (SPEC C1), kept in the DataTransformations table and served by the API.</summary>
public static class TransformationCatalog
{
    public static readonly IReadOnlyList<TransformationRule> Rules =
    [
        new("TR-001", "KPIs and per-segment targets from segment types and the strategy's objectives and margin", ["market_strategy", "customer_segment"], ["gtm_config.kpis"], 1),
        new("TR-002", "Channel mix weighted by the segments that prefer each channel, within floors and caps", ["customer_segment", "marketing_channel"], ["gtm_config.channel_mix"], 1),
        new("TR-003", "Daily budgets from the total budget and its period, split by channel share", ["market_strategy", "gtm_config.channel_mix"], ["gtm_config.budget_allocation"], 1),
        new("TR-004", "Campaign copy per segment and channel from pillars, persona pains and gains, within channel limits", ["market_strategy", "customer_segment", "marketing_channel"], ["campaign_template"], 1),
        new("TR-005", "Automation workflow per channel: nurture for email, budget ramp for paid channels", ["gtm_config", "campaign_template"], ["automation_workflow"], 1),
        new("TR-006", "Stage 18 handoff from the committed configuration and the launched campaigns", ["gtm_config", "campaign_template", "automation_workflow"], ["stage18_handoff"], 1),
    ];

    public static async Task SeedAsync(TableClient table, CancellationToken cancellation)
    {
        foreach (TransformationRule rule in Rules)
        {
            await table.UpsertEntityAsync(
                new TableEntity("rules", rule.Id)
                {
                    ["Description"] = rule.Description,
                    ["Inputs"] = string.Join(',', rule.Inputs),
                    ["Outputs"] = string.Join(',', rule.Outputs),
                    ["Version"] = rule.Version,
                },
                TableUpdateMode.Replace,
                cancellation).ConfigureAwait(false);
        }
    }

    public static async Task<IReadOnlyList<TransformationRule>> ListAsync(TableClient table, CancellationToken cancellation)
    {
        var rules = new List<TransformationRule>();
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(r => r.PartitionKey == "rules", cancellationToken: cancellation).ConfigureAwait(false))
        {
            rules.Add(new TransformationRule(row.RowKey, row.GetString("Description")!, row.GetString("Inputs")!.Split(','), row.GetString("Outputs")!.Split(','), row.GetInt32("Version") ?? 1));
        }

        return rules;
    }
}
