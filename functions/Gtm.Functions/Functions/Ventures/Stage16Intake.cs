using Gtm.Domain.Ventures;
using Gtm.Durable;
using Gtm.Functions.Declarations;
using Gtm.Functions.Queues;
using Gtm.Orchestrations;

namespace Gtm.Functions.Functions.Ventures;

/// <summary>
/// C10 Stage 16 intake: a message on the stage16-output queue (app setting Gtm:Stage16Queue)
/// starts Stage 17 exactly as the HTTP kickoff does. An invalid message goes straight to the
/// poison queue with its errors; a venture already in the stage is not started twice.
/// </summary>
public sealed class Stage16Intake(DurableTaskClient client)
{
    [Function(nameof(Stage16Intake))]
    public async Task RunAsync([QueueTrigger("%Gtm:Stage16Queue%")] QueueMessage message, CancellationToken cancellation)
    {
        KickoffValidator.Result validation = KickoffValidator.Validate(message.Body);
        if (!validation.IsValid)
        {
            throw new PoisonMessageException("invalid Stage 16 output: " + string.Join("; ", validation.Errors.Select(e => $"{(e.Pointer.Length == 0 ? "/" : e.Pointer)}: {e.Message}")));
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(Stage17), new Stage17Input(validation.Inputs!, validation.RequestedBy ?? "stage16", Validation: validation.Validation),
                new StartOrchestrationOptions(KickoffVenture.StageInstance(validation.Inputs!.MarketStrategy.VentureId)), cancellation);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // The same venture came again (a redelivered message): it is already in the stage.
        }
    }
}
