using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gtm.Durable.AzureStorage;

/// <summary>
/// "Look at this instance". <see cref="FireAt"/> is set for timers, whose wake-ups are capped at the
/// queue's 7-day visibility limit and re-armed when they come early. <see cref="Attempts"/> counts
/// the failed attempts carried over from earlier messages, for the poison limit.
/// </summary>
internal sealed record WakeUp(
    [property: JsonPropertyName("i")] string InstanceId,
    [property: JsonPropertyName("t")] DateTime? FireAt = null,
    [property: JsonPropertyName("a")] int Attempts = 0);

/// <summary>A control-queue message: wake-ups for one or more instances, sent together.</summary>
internal sealed record WakeUpMessage([property: JsonPropertyName("w")] IReadOnlyList<WakeUp> WakeUps)
{
    public string ToJson() => JsonSerializer.Serialize(this, EntityCodec.Json);

    public static WakeUpMessage FromJson(string json) =>
        JsonSerializer.Deserialize<WakeUpMessage>(json, EntityCodec.Json) is { WakeUps.Count: > 0 } message
            ? message
            : throw new InvalidDataException("A wake-up message without wake-ups.");
}

/// <summary>
/// One activity call, its input inline or in a blob when large. <see cref="Outbox"/> names the
/// outbox row that holds this call alone: the result deletes it in the same transaction.
/// </summary>
internal sealed record ActivityMessage(
    string InstanceId,
    string ExecutionId,
    int TaskId,
    string Name,
    string? Input,
    string? InputBlob,
    int Attempts = 0,
    string? Outbox = null);

/// <summary>An activity-queue message: calls sent together, run by whichever worker receives them.</summary>
internal sealed record ActivityBatch(IReadOnlyList<ActivityMessage> Calls)
{
    public string ToJson() => JsonSerializer.Serialize(this, EntityCodec.Json);

    public static ActivityBatch FromJson(string json) =>
        JsonSerializer.Deserialize<ActivityBatch>(json, EntityCodec.Json) is { Calls.Count: > 0 } batch
            ? batch
            : throw new InvalidDataException("An activity message without calls.");
}

/// <summary>What the poison queue records about a message that kept failing.</summary>
internal sealed record PoisonRecord(string Id, string Queue, string InstanceId, string Description, string Error, DateTime PoisonedAt, string? Body);
