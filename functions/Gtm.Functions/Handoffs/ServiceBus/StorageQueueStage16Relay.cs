using System.Text;
using Gtm.Activities.Storage;

namespace Gtm.Functions.Handoffs.ServiceBus;

/// <summary>
/// Puts a Service Bus intake message on the Stage 16 storage queue (app setting <c>Gtm:Stage16Queue</c>),
/// so <see cref="Stage16Intake"/> starts the stage exactly as it does for its own messages. The
/// isolated worker gets a Durable client only inside a function invocation (the host hands it the
/// address), so a hosted processor cannot start an orchestration itself.
/// </summary>
public sealed class StorageQueueStage16Relay(GtmStorage storage) : IStage16Relay
{
    /// <summary>A storage queue message is at most 64 KiB, and the app's queues hold base64.</summary>
    public const int MaxBytes = 65_536 / 4 * 3;

    public Task RelayAsync(string body, CancellationToken cancellation)
    {
        int bytes = Encoding.UTF8.GetByteCount(body);
        return bytes > MaxBytes
            ? throw new Stage16RelayRefusedException($"the output is {bytes} bytes; the intake queue '{storage.Stage16.Name}' takes at most {MaxBytes}")
            : storage.Stage16.SendMessageAsync(body, cancellation);
    }
}
