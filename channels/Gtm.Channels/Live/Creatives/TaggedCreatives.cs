using System.Globalization;
using System.Text.RegularExpressions;

namespace Gtm.Channels.Live.Creatives;

/// <summary>One of a campaign's ads or creatives in the rotation (serving or paused), with the content generation it carries.</summary>
internal sealed record TaggedCreative(string Id, int Generation, bool Active);

/// <summary>
/// Which content a live campaign serves, for platforms whose ads the content team makes (posts,
/// responsive search ads, Meta ads) and the product only switches on and off. An ad says which
/// content generation it carries by <c>gtm-gen-{n}</c> in a field of its own (its name, its URL
/// suffix); one without a tag is the launch content (generation 1). A candidate is served beside
/// the current content by serving both generations' ads, which gives it their share of the
/// rotation, c / (c + k), where the platform rotates evenly; a split asking for less than that
/// serves the current content alone, so the candidate's exposure stays at or below what was
/// asked, never above. Where the platform weighs ads by their results instead, no share can be
/// held, so only whole switches are taken. A campaign without ads serves the launch content, as
/// far as the product can tell: asking for it changes nothing.
/// </summary>
internal static partial class TaggedCreatives
{
    public static int Generation(string? tagged) =>
        tagged is not null && Tag().Match(tagged) is { Success: true } match ? int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture) : 1;

    /// <summary>What the active ads serve: the older generation as the current content, the newest beside it as the candidate.</summary>
    public static CreativeSplit Serving(IReadOnlyList<TaggedCreative> creatives)
    {
        TaggedCreative[] active = [.. creatives.Where(c => c.Active)];
        if (active.Length == 0)
        {
            // Nothing serves, so no content has replaced the launch content.
            return CreativeSplit.Launch;
        }

        int current = active.Min(c => c.Generation);
        int newest = active.Max(c => c.Generation);
        return current == newest ? new CreativeSplit(current) : new CreativeSplit(current, newest, (double)active.Count(c => c.Generation == newest) / active.Length);
    }

    /// <summary>The ads of the newest generation when the campaign holds more than one (the candidate, whose own metrics are read apart); null otherwise.</summary>
    public static IReadOnlyList<string>? CandidateIds(IReadOnlyList<TaggedCreative> creatives)
    {
        if (creatives.Select(c => c.Generation).Distinct().Count() <= 1)
        {
            return null;
        }

        int candidate = creatives.Max(c => c.Generation);
        return [.. creatives.Where(c => c.Generation == candidate).Select(c => c.Id)];
    }

    /// <summary>
    /// The generations to serve for <paramref name="split"/>; refused when one it needs has no ad,
    /// or when it asks for a share of a rotation the platform does not hold even.
    /// </summary>
    /// <param name="tagHint">Where the content team puts the tag, e.g. "its name".</param>
    /// <param name="unevenRotation">Why a share cannot be held, or null when the platform rotates the ads evenly.</param>
    public static IReadOnlySet<int> Plan(string channel, CreativeSplit split, IReadOnlyList<TaggedCreative> creatives, string tagHint, string? unevenRotation = null)
    {
        split.RequireValid(channel);
        int current = Count(split.Current);
        if (split.Candidate is not { } candidate || split.CandidateShare == 0 || candidate == split.Current)
        {
            if (creatives.Count == 0 && split.Current == CreativeSplit.Launch.Current)
            {
                // No ad in the rotation yet (the content team has not made it): nothing but the launch
                // content can serve, as Serving reads it, so there is nothing to switch. A rollback
                // restoring the launch content must not fail on a campaign still waiting for its ads.
                return new HashSet<int> { split.Current };
            }

            Require(split.Current, current);
            return new HashSet<int> { split.Current };
        }

        int candidates = Count(candidate);
        Require(candidate, candidates);
        if (split.CandidateShare == 1)
        {
            return new HashSet<int> { candidate };
        }

        if (unevenRotation is not null)
        {
            throw new ChannelRefusedException(channel, $"content generation {candidate} cannot be served to {split.CandidateShare:P0} of the audience beside {split.Current}: {unevenRotation}");
        }

        Require(split.Current, current);
        double rotation = (double)candidates / (candidates + current);
        return split.CandidateShare >= rotation ? new HashSet<int> { split.Current, candidate } : new HashSet<int> { split.Current };

        int Count(int generation) => creatives.Count(c => c.Generation == generation);

        void Require(int generation, int count)
        {
            if (count == 0)
            {
                string held = creatives.Count == 0 ? "none" : string.Join(", ", creatives.Select(c => c.Generation).Distinct().Order());
                throw new ChannelRefusedException(channel, $"the campaign has no active or paused ad for content generation {generation} (tag {tagHint} with 'gtm-gen-{generation}'); generations it holds: {held}");
            }
        }
    }

    /// <summary>
    /// Switches the ads to serve <paramref name="serve"/>: what should serve starts before the rest
    /// stops, so the campaign never runs without an ad. Answers the ads as they now are.
    /// </summary>
    public static async Task<IReadOnlyList<TaggedCreative>> SwitchAsync(IReadOnlyList<TaggedCreative> creatives, IReadOnlySet<int> serve, Func<TaggedCreative, bool, Task> setActive)
    {
        foreach (TaggedCreative creative in creatives.Where(c => serve.Contains(c.Generation) && !c.Active))
        {
            await setActive(creative, true).ConfigureAwait(false);
        }

        foreach (TaggedCreative creative in creatives.Where(c => !serve.Contains(c.Generation) && c.Active))
        {
            await setActive(creative, false).ConfigureAwait(false);
        }

        return [.. creatives.Select(c => c with { Active = serve.Contains(c.Generation) })];
    }

    [GeneratedRegex(@"\bgtm-gen-(?<n>[0-9]{1,6})\b", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
