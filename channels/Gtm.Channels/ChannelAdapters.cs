namespace Gtm.Channels;

/// <summary>The adapter of each channel, by channel name.</summary>
public sealed class ChannelAdapters(IEnumerable<IChannelAdapter> adapters)
{
    private readonly Dictionary<string, IChannelAdapter> byChannel = adapters.ToDictionary(a => a.Channel, StringComparer.Ordinal);

    public IChannelAdapter For(string channel) =>
        byChannel.TryGetValue(channel, out IChannelAdapter? adapter) ? adapter : throw new ArgumentOutOfRangeException(nameof(channel), channel, "no adapter for this channel");
}
