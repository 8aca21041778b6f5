using Gtm.Domain.Ventures;
using Azure.Storage.Queues.Models;
using Gtm.Functions.Http;
using Gtm.Functions.Operations;
using Gtm.Functions.Ventures;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Gtm.Orchestrations;

namespace Gtm.Functions.Handoffs;

/// <summary>
/// C10 Stage 16 intake: a message on the stage16-output queue (app setting Gtm:Stage16Queue)
/// starts Stage 17 exactly as the HTTP kickoff does. An invalid message goes straight to the
/// poison queue with its errors (no retry can mend it); a venture already in the stage is not
/// started twice.
/// </summary>
public sealed class Stage16Intake(PoisonMessages poison, IConfiguration configuration)
{
    [Function(nameof(Stage16Intake))]
    public async Task RunAsync([QueueTrigger("%Gtm:Stage16Queue%")] QueueMessage message, [DurableClient] DurableTaskClient client, CancellationToken cancellation)
    {
        string body = message.Body.ToString();
        KickoffValidator.Result validation = KickoffValidator.Validate(body);
        if (!validation.IsValid)
        {
            string errors = string.Join("; ", validation.Errors.Select(e => $"{(e.Pointer.Length == 0 ? "/" : e.Pointer)}: {e.Message}"));
            await poison.SetAsideAsync(configuration["Gtm:Stage16Queue"]!, message, "invalid Stage 16 output: " + errors, cancellation);
            return;
        }

        // The same venture again (a redelivered message) is already in the stage: nothing to do.
        await client.StartOnceAsync(nameof(Stage17), new Stage17Input(validation.Inputs!, validation.RequestedBy ?? "stage16", Validation: validation.Validation, Pilot: validation.Pilot),
            KickoffVenture.StageInstance(validation.Inputs!.MarketStrategy.VentureId), cancellation);
    }
}
