using System.Globalization;
using Azure.Messaging.ServiceBus;
using Gtm.Domain.Ventures;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gtm.Functions.Handoffs.ServiceBus;

/// <summary>
/// C10 Stage 16 intake from the Service Bus queue <c>Gtm:ServiceBus:Stage16Queue</c>, hosted by the
/// app because no Service Bus trigger is available to it: a <see cref="ServiceBusProcessor"/> in
/// peek-lock. Each message is validated as the HTTP kickoff validates it; an invalid one is
/// dead-lettered with its errors (no retry can mend it), as is one too large for the intake's
/// storage queue; a valid one is relayed to the intake's
/// storage queue and completed only then. A failure abandons the message with the error in
/// <c>gtm_last_error</c>, so the queue delivers it again, and dead-letters it after its max
/// delivery count. A venture delivered twice (a lost completion) is started once.
/// </summary>
public sealed partial class ServiceBusStage16Intake(ServiceBusClient client, IStage16Relay relay, IOptions<ServiceBusOptions> options, TimeProvider time, ILogger<ServiceBusStage16Intake> logger)
    : IHostedService, IAsyncDisposable
{
    /// <summary>The dead-letter reason of a message that fails validation.</summary>
    public const string InvalidReason = "invalid Stage 16 output";

    /// <summary>The dead-letter reason of a valid output the intake queue cannot take.</summary>
    public const string RefusedReason = "Stage 16 output refused by the intake queue";

    public const string LastErrorProperty = "gtm_last_error";
    public const string FailedAtProperty = "gtm_failed_at";

    private ServiceBusProcessor? processor;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        processor = client.CreateProcessor(options.Value.Stage16Queue, new ServiceBusProcessorOptions
        {
            ReceiveMode = ServiceBusReceiveMode.PeekLock,
            AutoCompleteMessages = false,
            MaxConcurrentCalls = options.Value.MaxConcurrentCalls,
            MaxAutoLockRenewalDuration = TimeSpan.FromMinutes(5),
        });
        processor.ProcessMessageAsync += ProcessAsync;
        processor.ProcessErrorAsync += OnErrorAsync;
        await processor.StartProcessingAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (processor is not null)
        {
            await processor.StopProcessingAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (processor is not null)
        {
            await processor.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ProcessAsync(ProcessMessageEventArgs args)
    {
        ServiceBusReceivedMessage message = args.Message;
        string body = message.Body.ToString();
        KickoffValidator.Result validation = KickoffValidator.Validate(body);
        if (!validation.IsValid)
        {
            string errors = string.Join("; ", validation.Errors.Select(e => $"{(e.Pointer.Length == 0 ? "/" : e.Pointer)}: {e.Message}"));
            LogInvalid(message.MessageId, errors);
            await args.DeadLetterMessageAsync(message, FailedNow(), $"{InvalidReason} ({validation.Errors.Count} error{(validation.Errors.Count == 1 ? "" : "s")})", Limit(errors), args.CancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await relay.RelayAsync(body, args.CancellationToken).ConfigureAwait(false);
        }
        catch (Stage16RelayRefusedException ex)
        {
            LogInvalid(message.MessageId, ex.Message);
            await args.DeadLetterMessageAsync(message, FailedNow(), RefusedReason, Limit(ex.Message), args.CancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRetry(ex, message.MessageId, message.DeliveryCount);
            await args.AbandonMessageAsync(message, Failure(ex.Message), CancellationToken.None).ConfigureAwait(false);
            return;
        }

        await args.CompleteMessageAsync(message, args.CancellationToken).ConfigureAwait(false);
    }

    private Dictionary<string, object> FailedNow() => new() { [FailedAtProperty] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) };

    private Dictionary<string, object> Failure(string error) => new(FailedNow()) { [LastErrorProperty] = Limit(error) };

    /// <summary>Service Bus limits a dead-letter reason or description to 4,096 characters.</summary>
    private static string Limit(string text) => text.Length <= 4096 ? text : text[..4093] + "...";

    private Task OnErrorAsync(ProcessErrorEventArgs args)
    {
        LogError(args.Exception, args.EntityPath, args.ErrorSource.ToString());
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stage 16 message {MessageId} dead-lettered: {Errors}")]
    private partial void LogInvalid(string messageId, string errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stage 16 message {MessageId} abandoned after delivery {DeliveryCount}, to be delivered again")]
    private partial void LogRetry(Exception exception, string messageId, int deliveryCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service Bus intake on {EntityPath} ({Source}) failed; the processor carries on")]
    private partial void LogError(Exception exception, string entityPath, string source);
}
