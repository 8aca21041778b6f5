using System.Text.Json;

namespace Gtm.Functions.Handoffs;

/// <summary>A schema-valid <c>stage18_handoff</c> as it is forwarded: the body unchanged, and what routing needs from it.</summary>
public sealed record HandoffMessage(string Body, string MessageId, string VentureId, int ConfigVersion, IReadOnlyList<string> Channels)
{
    /// <summary>Reads the fields of a body that <see cref="Gtm.Domain.Contracts.ContractValidator"/> has accepted.</summary>
    public static HandoffMessage Parse(string body)
    {
        using JsonDocument document = JsonDocument.Parse(body);
        JsonElement root = document.RootElement;
        return new HandoffMessage(
            body,
            root.GetProperty("message_id").GetString()!,
            root.GetProperty("venture_id").GetString()!,
            root.GetProperty("config_version").GetInt32(),
            [.. root.GetProperty("campaigns").EnumerateArray().Select(c => c.GetProperty("channel").GetString()!).Distinct().Order(StringComparer.Ordinal)]);
    }
}
