using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Gtm.Activities.Storage;
using Gtm.Domain.Contracts;
using Azure.Storage.Queues.Models;
using Gtm.Functions.Operations;
using Microsoft.Azure.Functions.Worker;

namespace Gtm.Functions.Ventures;

/// <summary>
/// C10 Stage 18 handoff: validates the message, records it in the lineage, marks the venture
/// handed off and forwards it to the configured Stage 18 target queue (Gtm:Stage18Target).
/// Idempotent by message id: a message already forwarded is acknowledged and not sent again. An
/// invalid message is set aside in the poison queue with its errors at once.
/// </summary>
public sealed class Stage18Handoff(GtmStorage storage, LineageStore lineage, VentureStore ventures, PoisonMessages poison, TimeProvider time)
{
    private static readonly IReadOnlySet<string> RollbackStates = new HashSet<string> { "rolling_back", "rolled_back", "rollback_failed" };

    [Function(nameof(Stage18Handoff))]
    public async Task RunAsync([QueueTrigger("%Gtm:Stage18Queue%")] QueueMessage message, CancellationToken cancellation)
    {
        string body = message.Body.ToString();
        IReadOnlyList<ContractError> errors = ContractValidator.Validate(Contract.Stage18Handoff, body);
        if (errors.Count > 0)
        {
            await poison.SetAsideAsync(storage.Stage18.Name, message, "invalid stage18_handoff: " + string.Join("; ", errors.Select(e => $"{e.Pointer}: {e.Message}")), cancellation);
            return;
        }

        using JsonDocument handoff = JsonDocument.Parse(body);
        string messageId = handoff.RootElement.GetProperty("message_id").GetString()!;
        string ventureId = handoff.RootElement.GetProperty("venture_id").GetString()!;
        int version = handoff.RootElement.GetProperty("config_version").GetInt32();
        if (!await ClaimAsync(ventureId, messageId, cancellation))
        {
            return;
        }

        string target = storage.Stage18Inbox.Name;
        await storage.Stage18Inbox.SendMessageAsync(body, cancellation);
        DateTimeOffset now = time.GetUtcNow();
        await lineage.RecordAsync(new LineageRecord(ventureId, $"stage18_handoff/{messageId}", new Dictionary<string, string> { ["gtm_config"] = $"v{version}" }, ["TR-006"], now, $"gtm_config/v{version}"), cancellation);
        // A rollback that began before this message was handled keeps its state.
        await ventures.SetUnlessAsync(ventureId, "handed_off", $"handoff {messageId} forwarded to {target}", RollbackStates, now, cancellation);
        await storage.Handoffs.UpsertEntityAsync(new TableEntity(ventureId, messageId) { ["Forwarded"] = true, ["ForwardedAt"] = now, ["Target"] = target }, TableUpdateMode.Replace, cancellation);
    }

    /// <summary>
    /// Claims the message id for a few minutes, atomically: a duplicate handled at the same time
    /// sees the claim and is retried later, by which time the first has forwarded it (and the
    /// duplicate is dropped) or died (and the lapsed claim is taken over).
    /// </summary>
    private async Task<bool> ClaimAsync(string ventureId, string messageId, CancellationToken cancellation)
    {
        DateTimeOffset now = time.GetUtcNow();
        var claim = new TableEntity(ventureId, messageId) { ["Forwarded"] = false, ["ClaimedUntil"] = now + ClaimDuration };
        try
        {
            await storage.Handoffs.AddEntityAsync(claim, cancellation);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            TableEntity existing = (await storage.Handoffs.GetEntityAsync<TableEntity>(ventureId, messageId, cancellationToken: cancellation)).Value;
            if (existing.GetBoolean("Forwarded") == true)
            {
                return false;
            }

            if (existing.GetDateTimeOffset("ClaimedUntil") > now)
            {
                throw new InvalidOperationException($"handoff {messageId} is being forwarded by another delivery; trying again later");
            }

            await storage.Handoffs.UpdateEntityAsync(claim, existing.ETag, TableUpdateMode.Replace, cancellation);
            return true;
        }
    }

    private static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(5);
}
