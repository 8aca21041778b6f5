using Azure.Messaging.ServiceBus;
using Gtm.Domain.Contracts;

namespace Gtm.Functions.Handoffs.Stage18Targets;

/// <summary>
/// The Service Bus transport: the queue or topic named by app setting
/// <c>Gtm:ServiceBus:Stage18Entity</c>. The message id is the handoff's, so the namespace's duplicate
/// detection drops a handoff sent twice (a retry after a lost acknowledgement); the correlation id
/// is the venture; subject, schema and routing values are properties a topic's subscriptions can
/// filter on. The client retries transient failures; what still fails is thrown for the queue
/// function to retry.
/// </summary>
public sealed class ServiceBusStage18Target(ServiceBusSender sender) : IStage18Target
{
    public const string Subject = "stage18_handoff";

    public string Name => $"{sender.EntityPath} (Service Bus)";

    public Task ForwardAsync(HandoffMessage handoff, CancellationToken cancellation) =>
        sender.SendMessageAsync(ToMessage(handoff), cancellation);

    public static ServiceBusMessage ToMessage(HandoffMessage handoff) => new(BinaryData.FromString(handoff.Body))
    {
        MessageId = handoff.MessageId,
        CorrelationId = handoff.VentureId,
        Subject = Subject,
        ContentType = "application/json",
        ApplicationProperties =
        {
            ["schema"] = Contract.Stage18Handoff.FileName(),
            ["schema_version"] = Contract.Stage18Handoff.SchemaVersion(),
            ["venture_id"] = handoff.VentureId,
            ["config_version"] = handoff.ConfigVersion,
            ["channels"] = string.Join(',', handoff.Channels),
        },
    };
}
