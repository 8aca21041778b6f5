namespace Gtm.Domain.Contracts;

/// <summary>The data contracts under <c>schemas/</c>, by name.</summary>
public enum Contract
{
    MarketStrategy,
    CustomerSegment,
    MarketingChannel,
    GtmConfig,
    CampaignTemplate,
    AutomationWorkflow,
    Stage18Handoff,
}

public static class ContractNames
{
    /// <summary>The schema's file name without <c>.schema.json</c>, e.g. <c>market_strategy</c>.</summary>
    public static string FileName(this Contract contract) => contract switch
    {
        Contract.MarketStrategy => "market_strategy",
        Contract.CustomerSegment => "customer_segment",
        Contract.MarketingChannel => "marketing_channel",
        Contract.GtmConfig => "gtm_config",
        Contract.CampaignTemplate => "campaign_template",
        Contract.AutomationWorkflow => "automation_workflow",
        Contract.Stage18Handoff => "stage18_handoff",
        _ => throw new ArgumentOutOfRangeException(nameof(contract)),
    };

    /// <summary>
    /// The contract's version as messages carry it for their consumers (Service Bus's <c>schema_version</c>
    /// property): raised when its schema changes in a way a consumer must know about. Every contract
    /// is at its first version.
    /// </summary>
    public static string SchemaVersion(this Contract contract) =>
        Enum.IsDefined(contract) ? "1.0" : throw new ArgumentOutOfRangeException(nameof(contract));
}
