using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues.Models;
using Gtm.Activities.Storage;
using Gtm.Domain.Contracts;
using Gtm.Functions.Handoffs.Stage18Targets;
using Gtm.Functions.Operations;
using Microsoft.Azure.Functions.Worker;

namespace Gtm.Functions.Handoffs;

/// <summary>
/// C10 Stage 18 handoff: validates the message, forwards it to the configured Stage 18 target
/// (a storage queue, or a Service Bus queue or topic), records it in the lineage and marks the
/// venture handed off. Idempotent by message id: a message already forwarded is acknowledged and
/// not sent again. A forward that fails gives its claim back and fails the invocation, so the
/// queue delivers the message again (and, after its dequeue count, keeps it in poison for a
/// replay): never lost. An invalid message is set aside in the poison queue with its errors at once.
/// </summary>
public sealed class Stage18Handoff(GtmStorage storage, IStage18Target target, LineageStore lineage, VentureStore ventures, PoisonMessages poison, TimeProvider time)
{
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

        HandoffMessage handoff = HandoffMessage.Parse(body);
        if (await ClaimAsync(handoff.VentureId, handoff.MessageId, cancellation) is not { } claim)
        {
            return;
        }

        try
        {
            await target.ForwardAsync(handoff, cancellation);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await ReleaseAsync(handoff, claim);
            throw;
        }

        DateTimeOffset now = time.GetUtcNow();
        int version = handoff.ConfigVersion;
        await lineage.RecordAsync(new LineageRecord(handoff.VentureId, $"stage18_handoff/{handoff.MessageId}", new Dictionary<string, string> { ["gtm_config"] = $"v{version}" }, ["TR-006"], now, $"gtm_config/v{version}"), cancellation);
        // A rollback that began before this message was handled keeps its state.
        await ventures.SetUnlessAsync(handoff.VentureId, "handed_off", $"handoff {handoff.MessageId} forwarded to {target.Name}", RollbackStates, now, cancellation);
        await storage.Handoffs.UpsertEntityAsync(new TableEntity(handoff.VentureId, handoff.MessageId) { ["Forwarded"] = true, ["ForwardedAt"] = now, ["Target"] = target.Name }, TableUpdateMode.Replace, cancellation);
    }

    /// <summary>
    /// Claims the message id for a few minutes, atomically: a duplicate handled at the same time
    /// sees the claim and is retried later, by which time the first has forwarded it (and the
    /// duplicate is dropped) or died (and the lapsed claim is taken over).
    /// </summary>
    /// <returns>The claim's ETag, or null when the handoff was forwarded already.</returns>
    private async Task<ETag?> ClaimAsync(string ventureId, string messageId, CancellationToken cancellation)
    {
        DateTimeOffset now = time.GetUtcNow();
        var claim = new TableEntity(ventureId, messageId) { ["Forwarded"] = false, ["ClaimedUntil"] = now + ClaimDuration };
        try
        {
            return (await storage.Handoffs.AddEntityAsync(claim, cancellation)).Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            TableEntity existing = (await storage.Handoffs.GetEntityAsync<TableEntity>(ventureId, messageId, cancellationToken: cancellation)).Value;
            if (existing.GetBoolean("Forwarded") == true)
            {
                return null;
            }

            if (existing.GetDateTimeOffset("ClaimedUntil") > now)
            {
                throw new InvalidOperationException($"handoff {messageId} is being forwarded by another delivery; trying again later");
            }

            return (await storage.Handoffs.UpdateEntityAsync(claim, existing.ETag, TableUpdateMode.Replace, cancellation)).Headers.ETag;
        }
    }

    /// <summary>Gives the claim back after a failed forward, so the retry need not wait for it to lapse; if that fails too, it lapses.</summary>
    private async Task ReleaseAsync(HandoffMessage handoff, ETag? claim)
    {
        try
        {
            await storage.Handoffs.DeleteEntityAsync(handoff.VentureId, handoff.MessageId, claim ?? ETag.All, CancellationToken.None);
        }
        catch (RequestFailedException)
        {
            // Another delivery took the claim over, or storage failed as well: the claim lapses on its own.
        }
    }

    private static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(5);

    private static readonly IReadOnlySet<string> RollbackStates = new HashSet<string> { "rolling_back", "rolled_back", "rollback_failed" };
}
