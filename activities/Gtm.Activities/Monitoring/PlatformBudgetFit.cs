using Gtm.Domain.Budgeting;

namespace Gtm.Activities.Monitoring;

/// <summary>
/// Keeps a reallocation within what the platforms take. The allocator's floors and caps are shares
/// of the budget and know nothing of a platform's minimum daily budget, so a channel's new share
/// can fall under it. Each allocation is put to the platforms first (without being applied); a
/// channel whose platform would refuse its budget is pinned to its current share, which the
/// platform took, and the rest is allocated again. No allocation when the pins leave none.
/// </summary>
public static class PlatformBudgetFit
{
    /// <param name="allocate">The allocator over the given bounds.</param>
    /// <param name="refusedChannel">The first channel whose platform would refuse its budget under an allocation, or null.</param>
    public static async Task<IReadOnlyList<ChannelAllocation>?> AllocateAsync(
        IReadOnlyList<ChannelBounds> bounds,
        IReadOnlyDictionary<string, decimal> currentShares,
        Func<IReadOnlyList<ChannelBounds>, IReadOnlyList<ChannelAllocation>> allocate,
        Func<IReadOnlyList<ChannelAllocation>, Task<string?>> refusedChannel)
    {
        var pinned = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlyList<ChannelAllocation> shares = allocate(bounds);
        while (await refusedChannel(shares).ConfigureAwait(false) is { } refused)
        {
            // A channel refused at its current share (the platform's minimum has risen above it) has nowhere left to go.
            if (!pinned.Add(refused))
            {
                return null;
            }

            decimal share = currentShares[refused];
            bounds = [.. bounds.Select(b => b.Channel == refused ? b with { Floor = share, Cap = share } : b)];
            if (bounds.Sum(b => b.Floor) > 1 || bounds.Sum(b => b.Cap) < 1)
            {
                return null;
            }

            shares = allocate(bounds);
        }

        return shares;
    }
}
