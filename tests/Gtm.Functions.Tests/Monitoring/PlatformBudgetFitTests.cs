using Gtm.Activities.Monitoring;
using Gtm.Domain.Budgeting;

namespace Gtm.Functions.Tests.Monitoring;

/// <summary>
/// A reallocation that a platform's minimum daily budget would refuse: the allocator, which knows
/// shares only, moves budget away from Meta, whose platform takes no less than 40 of the 400 a day.
/// </summary>
[Trait("Category", "Unit")]
public sealed class PlatformBudgetFitTests
{
    private const decimal Total = 400m;

    private static readonly ChannelBounds[] Bounds =
    [
        new("email", 0m, 0.3m),
        new("linkedin", 0.05m, 0.6m),
        new("google_ads", 0.05m, 0.7m),
        new("meta", 0.05m, 0.5m),
    ];

    private static readonly Dictionary<string, decimal> Current = new() { ["email"] = 0.1m, ["linkedin"] = 0.3m, ["google_ads"] = 0.3m, ["meta"] = 0.3m };

    /// <summary>Google converts best by far, Meta worst: the allocator takes Meta to its floor of 5 %, 20 a day.</summary>
    private static readonly ChannelEvidence[] Evidence =
    [
        new("email", 100m, 5, 500m),
        new("linkedin", 1000m, 20, 2000m),
        new("google_ads", 1000m, 90, 9000m),
        new("meta", 1000m, 2, 200m),
    ];

    private static IReadOnlyList<ChannelAllocation> Allocate(IReadOnlyList<ChannelBounds> bounds) =>
        ThompsonAllocator.Allocate(bounds, [.. Evidence.Where(e => bounds.Any(b => b.Channel == e.Channel))], AllocationObjective.Conversions, new Random(3));

    /// <summary>Meta refuses a daily budget under 40, as its validate_only answer would.</summary>
    private static Task<string?> MetaMinimum(IReadOnlyList<ChannelAllocation> shares, decimal minimum = 40m)
    {
        return Task.FromResult(shares.Single(s => s.Channel == "meta").Share * Total < minimum ? "meta" : null);
    }

    [Fact]
    public async Task A_channel_its_platform_would_refuse_keeps_its_share_and_the_rest_is_allocated_again()
    {
        Assert.True(Allocate(Bounds).Single(s => s.Channel == "meta").Share * Total < 40m, "the unconstrained allocation must go under Meta's minimum");

        IReadOnlyList<ChannelAllocation>? shares = await PlatformBudgetFit.AllocateAsync(Bounds, Current, Allocate, s => MetaMinimum(s));

        Assert.NotNull(shares);
        Assert.Equal(0.3m, shares.Single(s => s.Channel == "meta").Share);
        Assert.Equal(1m, shares.Sum(s => s.Share));
        Assert.True(shares.Single(s => s.Channel == "google_ads").Share > Current["google_ads"], "the rest still moves to the channel that converts");
        Assert.All(shares, s => Assert.InRange(s.Share, Bounds.Single(b => b.Channel == s.Channel).Floor, s.Channel == "meta" ? 0.3m : Bounds.Single(b => b.Channel == s.Channel).Cap));
    }

    [Fact]
    public async Task An_allocation_every_platform_takes_is_asked_once_and_kept()
    {
        int asked = 0;
        IReadOnlyList<ChannelAllocation>? shares = await PlatformBudgetFit.AllocateAsync(Bounds, Current, Allocate, s =>
        {
            asked++;
            return MetaMinimum(s, minimum: 1m);
        });

        Assert.Equal(1, asked);
        Assert.Equal(Allocate(Bounds).Select(s => (s.Channel, s.Share)), shares!.Select(s => (s.Channel, s.Share)));
    }

    [Fact]
    public async Task When_even_the_current_share_is_refused_there_is_no_allocation_rather_than_a_refused_one()
    {
        IReadOnlyList<ChannelAllocation>? shares = await PlatformBudgetFit.AllocateAsync(Bounds, Current, Allocate, s => MetaMinimum(s, minimum: 200m));

        Assert.Null(shares);
    }

    [Fact]
    public async Task A_pin_that_leaves_another_channel_under_its_floor_gives_no_allocation()
    {
        // Email's floor was raised to 10 % after LinkedIn took the whole budget; LinkedIn's platform refuses any less.
        var current = new Dictionary<string, decimal> { ["email"] = 0m, ["linkedin"] = 1m };
        ChannelBounds[] bounds = [new("email", 0.1m, 0.5m), new("linkedin", 0m, 1m)];
        IReadOnlyList<ChannelAllocation>? shares = await PlatformBudgetFit.AllocateAsync(bounds, current, Allocate, s =>
            Task.FromResult(s.Single(a => a.Channel == "linkedin").Share < 1m ? "linkedin" : null));

        Assert.Null(shares);
    }
}
