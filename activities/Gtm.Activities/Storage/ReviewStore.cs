using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Gtm.Domain.Review;
using Gtm.Domain.Ventures;

namespace Gtm.Activities.Storage;

/// <summary>One review round as stored: the board, the deadline, its status and the gate instance that waits for it.</summary>
public sealed record ReviewRound(
    string VentureId,
    int Round,
    string Instance,
    string Status,
    IReadOnlyList<string> Reviewers,
    int RequiredApprovals,
    IReadOnlyList<string> Authors,
    TimeoutPolicy TimeoutPolicy,
    DateTimeOffset OpenedAt,
    DateTimeOffset Deadline,
    IReadOnlyList<string> CampaignIds,
    string? Outcome)
{
    public const string Open = "open";
    public const string Escalated = "escalated";

    public bool AcceptsVotes => Status == Open;
}

/// <summary>
/// The <c>Reviews</c> table (SPEC C3 gate): a row per round and a row per vote. A vote's row key is
/// the round and the reviewer, so a second vote by the same reviewer is refused by the insert itself.
/// </summary>
public sealed class ReviewStore(GtmStorage storage)
{
    public async Task OpenAsync(ReviewRound round, CancellationToken cancellation)
    {
        var row = new TableEntity(round.VentureId, RoundKey(round.Round))
        {
            ["Round"] = JsonSerializer.Serialize(round, ContractJson.Options),
            ["Status"] = round.Status,
        };

        // The same round opened again (a replayed activity) keeps what it already has.
        try
        {
            await storage.Reviews.AddEntityAsync(row, cancellation).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
        }
    }

    public async Task SetStatusAsync(string ventureId, int round, string status, string? outcome, CancellationToken cancellation)
    {
        ReviewRound current = await GetAsync(ventureId, round, cancellation).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Venture '{ventureId}' has no review round {round}.");
        ReviewRound updated = current with { Status = status, Outcome = outcome };
        await storage.Reviews.UpsertEntityAsync(new TableEntity(ventureId, RoundKey(round))
        {
            ["Round"] = JsonSerializer.Serialize(updated, ContractJson.Options),
            ["Status"] = status,
        }, TableUpdateMode.Replace, cancellation).ConfigureAwait(false);
    }

    public async Task<ReviewRound?> GetAsync(string ventureId, int round, CancellationToken cancellation)
    {
        var found = await storage.Reviews.GetEntityIfExistsAsync<TableEntity>(ventureId, RoundKey(round), cancellationToken: cancellation).ConfigureAwait(false);
        return found.HasValue ? JsonSerializer.Deserialize<ReviewRound>(found.Value!.GetString("Round")!, ContractJson.Options) : null;
    }

    /// <summary>Every round, oldest first, each with its votes.</summary>
    public async Task<IReadOnlyList<(ReviewRound Round, IReadOnlyList<ReviewVote> Votes)>> ListAsync(string ventureId, CancellationToken cancellation)
    {
        var rounds = new List<ReviewRound>();
        var votes = new List<ReviewVote>();
        await foreach (TableEntity row in storage.Reviews.QueryAsync<TableEntity>(r => r.PartitionKey == ventureId, cancellationToken: cancellation).ConfigureAwait(false))
        {
            if (row.GetString("Vote") is { } vote)
            {
                votes.Add(JsonSerializer.Deserialize<ReviewVote>(vote, ContractJson.Options)!);
            }
            else
            {
                rounds.Add(JsonSerializer.Deserialize<ReviewRound>(row.GetString("Round")!, ContractJson.Options)!);
            }
        }

        return [.. rounds.OrderBy(r => r.Round).Select(r => (r, (IReadOnlyList<ReviewVote>)[.. votes.Where(v => v.Round == r.Round).OrderBy(v => v.At)]))];
    }

    /// <summary>Stores the vote; false when this reviewer has voted in this round already.</summary>
    public async Task<bool> AddVoteAsync(string ventureId, ReviewVote vote, CancellationToken cancellation)
    {
        try
        {
            await storage.Reviews.AddEntityAsync(new TableEntity(ventureId, VoteKey(vote.Round, vote.Reviewer))
            {
                ["Vote"] = JsonSerializer.Serialize(vote, ContractJson.Options),
            }, cancellation).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<ReviewVote?> GetVoteAsync(string ventureId, int round, string reviewer, CancellationToken cancellation)
    {
        var found = await storage.Reviews.GetEntityIfExistsAsync<TableEntity>(ventureId, VoteKey(round, reviewer), cancellationToken: cancellation).ConfigureAwait(false);
        return found.HasValue ? JsonSerializer.Deserialize<ReviewVote>(found.Value!.GetString("Vote")!, ContractJson.Options) : null;
    }

    private static string RoundKey(int round) => $"round-{round:D2}";

    private static string VoteKey(int round, string reviewer) => $"round-{round:D2}-vote-{Uri.EscapeDataString(reviewer.ToLowerInvariant())}";
}
