using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gtm.Durable.AzureStorage;

/// <summary>
/// A control-queue message: "look at this instance". <see cref="FireAt"/> is set for timers, whose
/// wake-ups are capped at the queue's 7-day visibility limit and re-armed when they come early.
/// </summary>
internal sealed record WakeUp(
    [property: JsonPropertyName("i")] string InstanceId,
    [property: JsonPropertyName("t")] DateTime? FireAt = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, EntityCodec.Json);

    public static WakeUp FromJson(string json) =>
        JsonSerializer.Deserialize<WakeUp>(json, EntityCodec.Json) ?? throw new InvalidDataException("Empty wake-up message.");
}

/// <summary>An activity-queue message: the call, with its input inline or in a blob when large.</summary>
internal sealed record ActivityMessage(
    string InstanceId,
    string ExecutionId,
    int TaskId,
    string Name,
    string? Input,
    string? InputBlob);

/// <summary>What the poison queue records about a message that kept failing.</summary>
internal sealed record PoisonRecord(string Id, string Queue, string InstanceId, string Description, string Error, DateTime PoisonedAt, string? Body);
