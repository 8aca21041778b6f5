using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace Gtm.Channels.Sandbox;

/// <summary>
/// A simulated platform with state in Azure Tables: campaigns with status and a budget in the
/// platform's unit; spend accrues only while a campaign is active, and metrics follow the
/// campaign's scenario. Writes are conditional on the row's ETag, so concurrent calls never lose
/// an update.
/// </summary>
public sealed class SandboxChannel(string channel, TableClient table, SandboxFaults faults, TimeProvider time, double timeScale) : IChannelAdapter
{
    public string Channel => channel;

    public async Task<PlatformCampaign> ProvisionAsync(ProvisionRequest request, CancellationToken cancellation)
    {
        faults.ThrowIfInjected(channel, "provision");
        string id = $"{Prefix}-{Hash(request.IdempotencyKey)}";
        var row = new TableEntity(channel, id)
        {
            ["VentureId"] = request.VentureId,
            ["CampaignId"] = request.CampaignId,
            ["Name"] = request.Name,
            ["Status"] = nameof(CampaignStatus.Paused),
            ["Budget"] = PlatformUnits.ToPlatform(channel, request.DailyBudget),
            ["Currency"] = request.Currency,
            ["Scenario"] = request.Scenario,
            ["ActiveSeconds"] = 0.0,
            ["ActiveSince"] = null,
            ["SpentBefore"] = 0.0,
        };
        SandboxScenario.EnsureKnown(request.Scenario);
        try
        {
            await table.AddEntityAsync(row, cancellation).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // The same key provisioned it before: that campaign is the answer.
        }

        return await GetAsync(id, cancellation).ConfigureAwait(false);
    }

    public Task<PlatformCampaign> SetDailyBudgetAsync(string platformCampaignId, decimal amount, string currency, CancellationToken cancellation)
    {
        faults.ThrowIfInjected(channel, "budget");
        return UpdateAsync(platformCampaignId, row =>
        {
            if (row.GetString("Currency") != currency)
            {
                throw new ChannelException(channel, $"campaign {platformCampaignId} is in {row.GetString("Currency")}, not {currency}", retryable: false);
            }

            // Spend so far is settled at the old budget before the new one applies.
            Settle(row);
            row["Budget"] = PlatformUnits.ToPlatform(channel, amount);
        }, cancellation);
    }

    public Task<PlatformCampaign> PauseAsync(string platformCampaignId, CancellationToken cancellation)
    {
        faults.ThrowIfInjected(channel, "pause");
        return UpdateAsync(platformCampaignId, row =>
        {
            Settle(row);
            row["Status"] = nameof(CampaignStatus.Paused);
            row["ActiveSince"] = null;
        }, cancellation);
    }

    public Task<PlatformCampaign> ResumeAsync(string platformCampaignId, CancellationToken cancellation)
    {
        faults.ThrowIfInjected(channel, "resume");
        return UpdateAsync(platformCampaignId, row =>
        {
            if (row.GetString("Status") != nameof(CampaignStatus.Active))
            {
                row["Status"] = nameof(CampaignStatus.Active);
                row["ActiveSince"] = time.GetUtcNow();
            }
        }, cancellation);
    }

    public async Task<PlatformCampaign> GetAsync(string platformCampaignId, CancellationToken cancellation)
    {
        faults.ThrowIfInjected(channel, "get");
        return ToCampaign(await ReadAsync(platformCampaignId, cancellation).ConfigureAwait(false));
    }

    public async Task<ChannelMetrics> ReadMetricsAsync(string platformCampaignId, CancellationToken cancellation)
    {
        faults.ThrowIfInjected(channel, "metrics");
        TableEntity row = await ReadAsync(platformCampaignId, cancellation).ConfigureAwait(false);
        double days = ActiveSeconds(row) / 86_400;
        double spend = Spent(row);
        (double impressionsPerUnit, double clickRate, double conversionRate, double value) = SandboxScenario.Baseline(channel);
        (double conversionFactor, double valueFactor) = SandboxScenario.Multipliers(row.GetString("Scenario")!, days);
        long impressions = (long)(spend * impressionsPerUnit);
        long clicks = (long)(impressions * clickRate);
        long conversions = (long)(clicks * conversionRate * conversionFactor);
        return new ChannelMetrics(platformCampaignId, impressions, clicks, conversions, Math.Round((decimal)spend, 2), Math.Round((decimal)(conversions * value * valueFactor), 2), time.GetUtcNow());
    }

    private string Prefix => channel switch
    {
        "google_ads" => "gads",
        "linkedin" => "li",
        "email" => "hs",
        _ => channel,
    };

    private async Task<TableEntity> ReadAsync(string id, CancellationToken cancellation)
    {
        try
        {
            return (await table.GetEntityAsync<TableEntity>(channel, id, cancellationToken: cancellation).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new ChannelException(channel, $"campaign {id} does not exist (404)", retryable: false);
        }
    }

    private async Task<PlatformCampaign> UpdateAsync(string id, Action<TableEntity> change, CancellationToken cancellation)
    {
        for (int attempt = 0; ; attempt++)
        {
            TableEntity row = await ReadAsync(id, cancellation).ConfigureAwait(false);
            change(row);
            try
            {
                await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellation).ConfigureAwait(false);
                return ToCampaign(row);
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 10)
            {
                // Changed meanwhile: read it again and reapply.
            }
        }
    }

    /// <summary>Moves the active time so far into the settled totals, at the current budget.</summary>
    private void Settle(TableEntity row)
    {
        if (row.GetDateTimeOffset("ActiveSince") is not null)
        {
            row["SpentBefore"] = Spent(row);
            row["ActiveSeconds"] = ActiveSeconds(row);
            row["ActiveSince"] = time.GetUtcNow();
        }
    }

    private double ActiveSeconds(TableEntity row) =>
        (row.GetDouble("ActiveSeconds") ?? 0) + (row.GetDateTimeOffset("ActiveSince") is { } since ? (time.GetUtcNow() - since).TotalSeconds * timeScale : 0);

    private double Spent(TableEntity row)
    {
        double running = row.GetDateTimeOffset("ActiveSince") is { } since ? (time.GetUtcNow() - since).TotalSeconds * timeScale / 86_400 : 0;
        return (row.GetDouble("SpentBefore") ?? 0) + (running * (double)PlatformUnits.FromPlatform(channel, row.GetInt64("Budget") ?? 0));
    }

    private PlatformCampaign ToCampaign(TableEntity row)
    {
        long budget = row.GetInt64("Budget") ?? 0;
        return new PlatformCampaign(
            channel,
            row.RowKey,
            row.GetString("CampaignId")!,
            row.GetString("VentureId")!,
            Enum.Parse<CampaignStatus>(row.GetString("Status")!),
            budget,
            PlatformUnits.Unit(channel),
            row.GetString("Currency")!,
            PlatformUnits.FromPlatform(channel, budget));
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
}
