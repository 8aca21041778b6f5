using System.Globalization;

namespace Gtm.Domain.Budgeting;

/// <summary>Input checks: each failure names the channel at fault, as the venture's author must fix it there.</summary>
public static partial class ThompsonAllocator
{
    private static void Validate(IReadOnlyList<ChannelBounds> channels, IReadOnlyList<ChannelEvidence> evidence)
    {
        if (channels.Count == 0)
        {
            throw new ArgumentException("There are no channels to allocate the budget between.", nameof(channels));
        }

        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (ChannelBounds c in channels)
        {
            if (!known.Add(c.Channel))
            {
                throw new ArgumentException($"Channel '{c.Channel}' is listed twice.", nameof(channels));
            }

            if (c.Floor < 0 || c.Cap > 1)
            {
                throw new ArgumentException($"Channel '{c.Channel}' has floor {c.Floor} and cap {c.Cap}; both must be shares between 0 and 1.", nameof(channels));
            }

            if (c.Floor > c.Cap)
            {
                throw new ArgumentException($"Channel '{c.Channel}' has floor {c.Floor} above its cap {c.Cap}.", nameof(channels));
            }
        }

        if (channels.Sum(c => c.Floor) > 1)
        {
            throw new ArgumentException($"The floors add up to more than the whole budget: {List(channels, c => c.Floor)}.", nameof(channels));
        }

        if (channels.Sum(c => c.Cap) < 1)
        {
            throw new ArgumentException($"The caps add up to less than the whole budget: {List(channels, c => c.Cap)}.", nameof(channels));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (ChannelEvidence e in evidence)
        {
            if (!known.Contains(e.Channel))
            {
                throw new ArgumentException($"There is evidence for channel '{e.Channel}', which is not among the channels to allocate.", nameof(evidence));
            }

            if (!seen.Add(e.Channel))
            {
                throw new ArgumentException($"The evidence for channel '{e.Channel}' is given twice; give one total per channel.", nameof(evidence));
            }

            if (e.Spend < 0 || e.Conversions < 0 || e.ConversionValue < 0)
            {
                throw new ArgumentException($"The evidence for channel '{e.Channel}' has a negative figure (spend {e.Spend}, conversions {e.Conversions}, value {e.ConversionValue}).", nameof(evidence));
            }
        }
    }

    private static string List(IReadOnlyList<ChannelBounds> channels, Func<ChannelBounds, decimal> share) =>
        string.Join(", ", channels.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Channel} {share(c)}")));
}
