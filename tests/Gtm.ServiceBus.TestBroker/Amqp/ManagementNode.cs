using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Types;
using Gtm.ServiceBus.TestBroker.Entities;

namespace Gtm.ServiceBus.TestBroker.Amqp;

/// <summary>
/// An entity's <c>$management</c> node, for the operations the SDK sends there: peek
/// (<c>com.microsoft:peek-message</c>) and lock renewal (<c>com.microsoft:renew-lock</c>).
/// Answers carry Service Bus's <c>statusCode</c>, <c>statusDescription</c> and <c>errorCondition</c>.
/// </summary>
internal sealed class ManagementNode(BrokerQueue? queue, string path, ManagementResponses responses) : LinkEndpoint
{
    public override void OnMessage(MessageContext messageContext)
    {
        Message request = messageContext.Message;
        ListenerLink? responseLink = responses.Find(messageContext.Link, request.Properties?.ReplyTo);
        if (responseLink is null)
        {
            messageContext.Complete(new Error(ErrorCode.NotFound) { Description = "No response link is attached for this request's reply-to address." });
            return;
        }

        messageContext.Complete();
        Message response = Answer(request);
        response.Properties = new Properties { CorrelationId = request.Properties!.MessageId };
        responseLink.SendMessage(response);
    }

    public override void OnFlow(FlowContext flowContext)
    {
    }

    public override void OnDisposition(DispositionContext dispositionContext)
    {
    }

    private Message Answer(Message request)
    {
        string? operation = request.ApplicationProperties?["operation"] as string;
        Map body = (request.Body as Map) ?? [];
        if (queue is null)
        {
            return Status(404, $"'{path}' has no messages to manage.", "amqp:not-found");
        }

        return operation switch
        {
            "com.microsoft:peek-message" => Peek(Convert.ToInt64(body["from-sequence-number"] ?? 1L, System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt32(body["message-count"] ?? 1, System.Globalization.CultureInfo.InvariantCulture)),
            "com.microsoft:renew-lock" => RenewLocks(body["lock-tokens"] as Guid[] ?? []),
            "com.microsoft:update-disposition" => UpdateDisposition(body),
            _ => Status(501, $"The operation '{operation}' is not simulated by this broker.", "amqp:not-implemented"),
        };
    }

    private Message Peek(long from, int count)
    {
        IReadOnlyList<Message> messages = queue!.Peek(from, count);
        if (messages.Count == 0)
        {
            return Status(204, "No messages to peek.");
        }

        var list = new List();
        foreach (Message message in messages)
        {
            ByteBuffer encoded = message.Encode();
            list.Add(new Map { ["message"] = encoded.Buffer.AsSpan(encoded.Offset, encoded.Length).ToArray() });
        }

        Message response = Status(200, "OK");
        response.BodySection = new AmqpValue { Value = new Map { ["messages"] = list } };
        return response;
    }

    private Message RenewLocks(Guid[] tokens)
    {
        var expirations = new DateTime[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            if (queue!.RenewLock(tokens[i]) is not { } until)
            {
                return Status(410, "The lock supplied is invalid: it expired, or the message was already settled.", "com.microsoft:message-lock-lost");
            }

            expirations[i] = until;
        }

        Message response = Status(200, "OK");
        response.BodySection = new AmqpValue { Value = new Map { ["expirations"] = expirations } };
        return response;
    }

    /// <summary>Settles by lock token without the link that received the message (the SDK's fallback once that link is gone).</summary>
    private Message UpdateDisposition(Map body)
    {
        Guid[] tokens = body["lock-tokens"] as Guid[] ?? [];
        string? disposition = body["disposition-status"] as string;
        if (disposition is not ("completed" or "abandoned" or "suspended"))
        {
            return Status(501, $"Disposition '{disposition}' is not simulated by this broker.", "amqp:not-implemented");
        }

        var properties = body["properties-to-modify"] is Map map ? map.Keys.Select(k => new KeyValuePair<string, object?>(k.ToString()!, map[k])).ToList() : null;
        foreach (Guid token in tokens)
        {
            bool held = disposition switch
            {
                "completed" => queue!.Complete(token),
                "abandoned" => queue!.Abandon(token, properties),
                _ => queue!.DeadLetter(token, body["deadletter-reason"] as string, body["deadletter-description"] as string, properties),
            };
            if (!held)
            {
                return Status(410, "The lock supplied is invalid: it expired, or the message was already settled.", "com.microsoft:message-lock-lost");
            }
        }

        return Status(200, "OK");
    }

    private static Message Status(int code, string description, string? condition = null)
    {
        var properties = new ApplicationProperties();
        properties["statusCode"] = code;
        properties["statusDescription"] = description;
        if (condition is not null)
        {
            properties["errorCondition"] = new Symbol(condition);
        }

        return new Message { ApplicationProperties = properties };
    }
}
