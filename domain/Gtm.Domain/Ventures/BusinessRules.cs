using Gtm.Domain.Contracts;

namespace Gtm.Domain.Ventures;

/// <summary>What the schemas cannot say: rules across fields and across the three inputs.</summary>
public static class BusinessRules
{
    public static IReadOnlyList<ContractError> Check(VentureInputs inputs)
    {
        var errors = new List<ContractError>();
        IReadOnlyList<MarketingChannel> channels = inputs.MarketingChannels;
        IReadOnlyList<CustomerSegment> segments = inputs.CustomerSegments;

        for (int i = 0; i < channels.Count; i++)
        {
            if (channels[i].MinBudgetShare > channels[i].MaxBudgetShare)
            {
                errors.Add(new($"/marketing_channels/{i}/min_budget_share", $"The minimum share ({channels[i].MinBudgetShare:P0}) is above the maximum ({channels[i].MaxBudgetShare:P0}); lower it or raise the maximum."));
            }

            int first = FirstIndex(channels, c => c.Kind == channels[i].Kind);
            if (first != i)
            {
                errors.Add(new($"/marketing_channels/{i}/kind", $"Channel '{channels[i].Kind}' is listed twice (also at /marketing_channels/{first}); list each channel once."));
            }
        }

        var enabled = channels.Where(c => c.Enabled).ToList();
        decimal floors = enabled.Sum(c => c.MinBudgetShare);
        if (floors > 1m)
        {
            errors.Add(new("/marketing_channels", $"The enabled channels' minimum budget shares add up to {floors:P0}; they must add up to at most 100 %."));
        }

        if (enabled.Count == 0)
        {
            errors.Add(new("/marketing_channels", "No channel is enabled; enable at least one."));
        }
        else if (enabled.Sum(c => c.MaxBudgetShare) < 1m)
        {
            errors.Add(new("/marketing_channels", $"The enabled channels' maximum budget shares add up to {enabled.Sum(c => c.MaxBudgetShare):P0}, so the budget cannot be spent; raise them to reach 100 %."));
        }

        for (int s = 0; s < segments.Count; s++)
        {
            CustomerSegment segment = segments[s];
            int first = FirstIndex(segments, other => other.Id == segment.Id);
            if (first != s)
            {
                errors.Add(new($"/customer_segments/{s}/id", $"Segment id '{segment.Id}' is used twice (also at /customer_segments/{first}); give each segment its own id."));
            }

            for (int p = 0; p < segment.PreferredChannels.Count; p++)
            {
                string kind = segment.PreferredChannels[p];
                if (!enabled.Any(c => c.Kind == kind))
                {
                    errors.Add(new($"/customer_segments/{s}/preferred_channels/{p}", $"Channel '{kind}' is not an enabled marketing channel; add it to marketing_channels or remove it here."));
                }
            }

            foreach ((string country, int g) in segment.Geography.Select((c, g) => (c, g)))
            {
                if (!inputs.MarketStrategy.Regions.Contains(country))
                {
                    errors.Add(new($"/customer_segments/{s}/geography/{g}", $"'{country}' is not one of the strategy's regions ({string.Join(", ", inputs.MarketStrategy.Regions)}); add it there or remove it here."));
                }
            }
        }

        if (!segments.Any(s => s.Type == inputs.MarketStrategy.SegmentType))
        {
            errors.Add(new("/market_strategy/segment_type", $"No customer segment is of the venture's type '{inputs.MarketStrategy.SegmentType}'; add one or correct the type."));
        }

        return errors;
    }

    private static int FirstIndex<T>(IReadOnlyList<T> items, Func<T, bool> match)
    {
        for (int i = 0; i < items.Count; i++)
        {
            if (match(items[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
