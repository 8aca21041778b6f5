using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Gtm.Channels.Sandbox;

/// <summary>
/// A simulated platform with state in Azure Tables: campaigns with status, a budget in the
/// platform's unit and the creatives they serve. While a campaign is active its budget is spent
/// and the audience answers as the campaign's scenario says; every change and every read first
/// settles what happened since the last one, so totals only ever grow. The audience also answers
/// the copy served (<see cref="SandboxCopy"/>), when the product's content can be read. Writes are
/// conditional on the row's ETag, so concurrent calls never lose an update.
/// </summary>
public sealed class SandboxChannel(string channel, TableClient table, SandboxFaults faults, TimeProvider time, double timeScale, ISandboxCopySource? copySource = null) : IChannelAdapter
{
    private const string Total = "Tot";
    private const string Candidate = "Cand";

    /// <summary>The market is settled in steps of at most a simulated hour, so a scenario's turn lands within the hour.</summary>
    private const double StepSeconds = 3600;

    public string Channel => channel;

    public bool ZeroBudgetAllowed => true;

    public async Task<PlatformCampaign> ProvisionAsync(ProvisionRequest request, CancellationToken cancellation)
    {
        faults.ThrowIfInjected(channel, "provision");
        SandboxScenario.EnsureKnown(request.Scenario);
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
            ["ActiveDays"] = 0.0,
            ["SettledAt"] = time.GetUtcNow(),
            ["Creative"] = CreativeSplit.Launch.Current,
            ["CandidateCreative"] = null,
            ["CandidateShare"] = 0.0,
        };
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

    public async Task<PlatformCampaign?> FindProvisionedAsync(ProvisionRequest request, CancellationToken cancellation)
    {
        faults.ThrowIfInjected(channel, "get");
        NullableResponse<TableEntity> row = await table.GetEntityIfExistsAsync<TableEntity>(channel, $"{Prefix}-{Hash(request.IdempotencyKey)}", cancellationToken: cancellation).ConfigureAwait(false);
        return row.HasValue ? ToCampaign(row.Value!) : null;
    }

    /// <summary>The sandbox takes any budget of zero or more in the campaign's currency.</summary>
    public async Task ValidateDailyBudgetAsync(string platformCampaignId, decimal amount, string currency, CancellationToken cancellation)
    {
        PlatformCampaign campaign = await GetAsync(platformCampaignId, cancellation).ConfigureAwait(false);
        if (campaign.Currency != currency || amount < 0)
        {
            throw new ChannelRefusedException(channel, $"campaign {platformCampaignId} takes a budget of zero or more in {campaign.Currency}, not {amount} {currency}");
        }
    }

    public Task<PlatformCampaign> SetDailyBudgetAsync(string platformCampaignId, decimal amount, string currency, CancellationToken cancellation)
    {
        faults.ThrowIfInjected(channel, "budget");
        return ChangeAsync(platformCampaignId, row =>
        {
            if (row.GetString("Currency") != currency)
            {
                throw new ChannelRefusedException(channel, $"campaign {platformCampaignId} is in {row.GetString("Currency")}, not {currency}");
            }

            row["Budget"] = PlatformUnits.ToPlatform(channel, amount);
        }, cancellation);
    }

    public Task<PlatformCampaign> PauseAsync(string platformCampaignId, CancellationToken cancellation)
    {
        faults.ThrowIfInjected(channel, "pause");
        return ChangeAsync(platformCampaignId, row => row["Status"] = nameof(CampaignStatus.Paused), cancellation);
    }

    public Task<PlatformCampaign> ResumeAsync(string platformCampaignId, CancellationToken cancellation)
    {
        faults.ThrowIfInjected(channel, "resume");
        return ChangeAsync(platformCampaignId, row => row["Status"] = nameof(CampaignStatus.Active), cancellation);
    }

    public Task<PlatformCampaign> SetCreativesAsync(string platformCampaignId, CreativeSplit split, CancellationToken cancellation)
    {
        faults.ThrowIfInjected(channel, "creatives");
        split.RequireValid(channel);

        return ChangeAsync(platformCampaignId, row =>
        {
            if (row.GetInt32("CandidateCreative") != split.Candidate)
            {
                // A new experiment counts its candidate from zero.
                SandboxCounters.Zero.Write(row, Candidate);
            }

            row["Creative"] = split.Current;
            row["CandidateCreative"] = split.Candidate;
            row["CandidateShare"] = split.Candidate is null ? 0.0 : split.CandidateShare;
        }, cancellation);
    }

    public Task<PlatformCampaign> StartExperimentAsync(string platformCampaignId, ExperimentSpec spec, CancellationToken cancellation)
    {
        faults.ThrowIfInjected(channel, "experiment");
        if (spec.Variants.Count is < 2 or > 5 || spec.PilotShare is <= 0 or > 1)
        {
            throw new ChannelRefusedException(channel, $"an experiment takes 2 to 5 variants and a pilot share within 0 to 1, not {spec.Variants.Count} and {spec.PilotShare}");
        }

        return ChangeAsync(platformCampaignId, row =>
        {
            SandboxExperiment? current = SandboxExperiment.Read(row);
            if (current is { Running: true } && current.TestId != spec.TestId)
            {
                throw new ChannelRefusedException(channel, $"campaign {platformCampaignId} already runs experiment {current.TestId}");
            }

            if (current?.TestId != spec.TestId)
            {
                SandboxExperiment.Start(spec, row.GetDouble(Total + "Impressions") ?? 0).Write(row);
            }
        }, cancellation);
    }

    public async Task<ExperimentMetrics> ReadExperimentAsync(string platformCampaignId, string testId, CancellationToken cancellation)
    {
        faults.ThrowIfInjected(channel, "metrics");
        TableEntity row = await UpdateAsync(platformCampaignId, _ => { }, cancellation).ConfigureAwait(false);
        SandboxExperiment experiment = Experiment(row, testId);
        return new ExperimentMetrics(testId, experiment.Element, [.. experiment.Arms.Select(a => new ExperimentArm(a.Id, a.Exposures, a.Conversions))], experiment.Running, time.GetUtcNow());
    }

    public Task<PlatformCampaign> EndExperimentAsync(string platformCampaignId, string testId, string variantId, CancellationToken cancellation)
    {
        faults.ThrowIfInjected(channel, "experiment");
        return ChangeAsync(platformCampaignId, row =>
        {
            SandboxExperiment experiment = Experiment(row, testId);
            if (experiment.Arms.All(a => a.Id != variantId))
            {
                throw new ChannelRefusedException(channel, $"experiment {testId} has no variant {variantId}");
            }

            experiment.Served = variantId;
            experiment.Write(row);
            SandboxCopy.Promote(row, experiment.Element, variantId);
            Dictionary<string, string> served = Served(row);
            served[experiment.Element] = variantId;
            row["Served"] = JsonSerializer.Serialize(served);
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
        TableEntity row = await UpdateAsync(platformCampaignId, _ => { }, cancellation).ConfigureAwait(false);
        DateTimeOffset now = time.GetUtcNow();
        ChannelMetrics? candidate = row.GetInt32("CandidateCreative") is null ? null : SandboxCounters.Read(row, Candidate).ToMetrics(platformCampaignId, now);
        return SandboxCounters.Read(row, Total).ToMetrics(platformCampaignId, now, candidate);
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
            throw new ChannelRefusedException(channel, $"campaign {id} does not exist (404)");
        }
    }

    private async Task<PlatformCampaign> ChangeAsync(string id, Action<TableEntity> change, CancellationToken cancellation) =>
        ToCampaign(await UpdateAsync(id, change, cancellation).ConfigureAwait(false));

    /// <summary>Settles the market up to now, then applies the change; retried on a concurrent write.</summary>
    private async Task<TableEntity> UpdateAsync(string id, Action<TableEntity> change, CancellationToken cancellation)
    {
        for (int attempt = 0; ; attempt++)
        {
            TableEntity row = await ReadAsync(id, cancellation).ConfigureAwait(false);
            if (copySource is not null && row.GetString("Status") == nameof(CampaignStatus.Active))
            {
                await SandboxCopy.CacheAsync(row, copySource, cancellation).ConfigureAwait(false);
            }

            Settle(row);
            change(row);
            try
            {
                await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellation).ConfigureAwait(false);
                return row;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 10)
            {
                // Changed meanwhile: read it again and reapply.
            }
        }
    }

    /// <summary>Spends the budget for the simulated time since the last settlement, split between the creatives (totals count both; the candidate's own counters show it apart).</summary>
    private void Settle(TableEntity row)
    {
        DateTimeOffset now = time.GetUtcNow();
        double seconds = Math.Max(0, (now - (row.GetDateTimeOffset("SettledAt") ?? now)).TotalSeconds * timeScale);
        row["SettledAt"] = now;
        if (row.GetString("Status") != nameof(CampaignStatus.Active) || seconds == 0)
        {
            return;
        }

        string scenario = row.GetString("Scenario")!;
        double daily = (double)PlatformUnits.FromPlatform(channel, row.GetInt64("Budget") ?? 0);
        double share = row.GetDouble("CandidateShare") ?? 0;
        int creative = row.GetInt32("Creative") ?? 1;
        int? candidateCreative = row.GetInt32("CandidateCreative");
        double days = row.GetDouble("ActiveDays") ?? 0;
        SandboxCounters total = SandboxCounters.Read(row, Total);
        SandboxCounters candidate = SandboxCounters.Read(row, Candidate);

        // What the copy and its time on air make of each step, read once per settlement.
        (double? Since, double Lift) served = (row.GetDouble(OnAirSince(creative)), SandboxCopy.Lift(row, creative));
        (double? Since, double Lift) trial = candidateCreative is { } tried ? (row.GetDouble(OnAirSince(tried)), SandboxCopy.Lift(row, tried)) : default;
        for (double done = 0; done < seconds; done += StepSeconds)
        {
            double step = Math.Min(StepSeconds, seconds - done);
            double spend = daily * step / 86_400;
            double midDay = days + ((done + (step / 2)) / 86_400);
            total = total.Accrue(channel, spend * (1 - share), Response(scenario, midDay, creative, served));
            if (candidateCreative is { } c)
            {
                MarketResponse response = Response(scenario, midDay, c, trial);
                total = total.Accrue(channel, spend * share, response);
                candidate = candidate.Accrue(channel, spend * share, response);
            }
        }

        total.Write(row, Total);
        candidate.Write(row, Candidate);
        foreach (int generation in new[] { creative, candidateCreative }.OfType<int>().Where(g => row.GetDouble(OnAirSince(g)) is null))
        {
            // The audience starts seeing a generation when it is first served with spend.
            row[OnAirSince(generation)] = days;
        }

        row["ActiveDays"] = days + (seconds / 86_400);
        if (SandboxExperiment.Read(row) is { Running: true } experiment)
        {
            experiment.Reach(row.RowKey, total.Impressions, SandboxScenario.Baseline(channel).ClickRate);
            experiment.Write(row);
        }
    }

    /// <summary>The scenario's answer to a generation on air since <paramref name="copy"/>'s day (now, when it is new), scaled by its served copy's lift.</summary>
    private MarketResponse Response(string scenario, double activeDays, int generation, (double? Since, double Lift) copy)
    {
        double onAir = activeDays - (copy.Since ?? activeDays);
        MarketResponse response = SandboxScenario.Response(scenario, new MarketMoment(channel, activeDays, generation, Math.Max(0, onAir)));
        return response with { ClickThrough = response.ClickThrough * copy.Lift, Conversion = response.Conversion * copy.Lift };
    }

    private static string OnAirSince(int generation) => $"OnAir{generation}";

    private SandboxExperiment Experiment(TableEntity row, string testId) =>
        SandboxExperiment.Read(row) is { } experiment && experiment.TestId == testId
            ? experiment
            : throw new ChannelRefusedException(channel, $"campaign {row.RowKey} has no experiment {testId}");

    private static Dictionary<string, string> Served(TableEntity row) =>
        row.GetString("Served") is { } json ? JsonSerializer.Deserialize<Dictionary<string, string>>(json)! : new(StringComparer.Ordinal);

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
            PlatformUnits.FromPlatform(channel, budget),
            new CreativeSplit(row.GetInt32("Creative") ?? 1, row.GetInt32("CandidateCreative"), row.GetDouble("CandidateShare") ?? 0),
            Served(row));
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
}
