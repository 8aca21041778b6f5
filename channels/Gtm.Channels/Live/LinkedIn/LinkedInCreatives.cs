using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gtm.Channels.Live.Configuration;

namespace Gtm.Channels.Live.LinkedIn;

/// <summary>One creative of a campaign in the rotation (intendedStatus ACTIVE or PAUSED), with the content generation it carries.</summary>
internal sealed record LinkedInCreative(string Urn, int Generation, bool Active);

/// <summary>
/// Which content a LinkedIn campaign serves. The product does not make LinkedIn's creatives (they
/// are posts made in Campaign Manager or by the content team); a creative says which content
/// generation it carries by <c>gtm-gen-{n}</c> in its name, and one without a tag is the launch
/// content (generation 1). LinkedIn rotates a campaign's active creatives evenly (the campaign is
/// created with <c>creativeSelection</c> ROUND_ROBIN) and cannot weight them, so a candidate served
/// beside the current content gets its creatives' share of the active ones, c / (c + k). A split
/// asking for less than that serves the current content alone: the candidate's exposure stays at
/// or below what was asked, never above, and the answer says what was done. A campaign without
/// creatives serves the launch content, as far as the product can tell: asking for it changes
/// nothing; asking for any later content needs that content's creatives.
/// </summary>
internal static partial class LinkedInCreatives
{
    private static string Channel => ChannelPlatform.LinkedIn.Channel;

    /// <summary>The creatives in the rotation; drafts, archived and deleted ones are left alone.</summary>
    public static IReadOnlyList<LinkedInCreative> Read(IEnumerable<JsonNode> elements) =>
        [.. elements
            .Select(e => (Urn: e["id"]?.ToString() ?? "", Status: e["intendedStatus"]?.ToString(), Name: e["name"]?.ToString()))
            .Where(e => e.Urn.Length > 0 && e.Status is "ACTIVE" or "PAUSED")
            .Select(e => new LinkedInCreative(e.Urn, Generation(e.Name), e.Status == "ACTIVE"))];

    public static int Generation(string? name) =>
        name is not null && Tag().Match(name) is { Success: true } match ? int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture) : 1;

    /// <summary>What the active creatives serve: the older generation as the current content, the newest beside it as the candidate.</summary>
    public static CreativeSplit Serving(IReadOnlyList<LinkedInCreative> creatives)
    {
        LinkedInCreative[] active = [.. creatives.Where(c => c.Active)];
        if (active.Length == 0)
        {
            // Nothing serves, so no content has replaced the launch content.
            return CreativeSplit.Launch;
        }

        int current = active.Min(c => c.Generation);
        int newest = active.Max(c => c.Generation);
        return current == newest ? new CreativeSplit(current) : new CreativeSplit(current, newest, (double)active.Count(c => c.Generation == newest) / active.Length);
    }

    /// <summary>The newest generation when the campaign holds more than one: the candidate whose own metrics are read apart.</summary>
    public static int? Candidate(IReadOnlyList<LinkedInCreative> creatives) =>
        creatives.Select(c => c.Generation).Distinct().Count() > 1 ? creatives.Max(c => c.Generation) : null;

    /// <summary>The generations to serve for <paramref name="split"/>; refused when one it needs has no creative.</summary>
    public static IReadOnlySet<int> Plan(CreativeSplit split, IReadOnlyList<LinkedInCreative> creatives)
    {
        if (split.CandidateShare is < 0 or > 1 || (split.Candidate is null && split.CandidateShare > 0))
        {
            throw new ChannelRefusedException(Channel, $"a candidate share of {split.CandidateShare} needs a candidate creative and must be within 0 to 1");
        }

        int current = Count(split.Current);
        if (split.Candidate is not { } candidate || split.CandidateShare == 0 || candidate == split.Current)
        {
            if (creatives.Count == 0 && split.Current == CreativeSplit.Launch.Current)
            {
                // No creative in the rotation yet (the content team has not posted): nothing but the
                // launch content can serve, as Serving reads it, so there is nothing to switch. A
                // rollback restoring the launch content must not fail on a campaign still waiting for posts.
                return new HashSet<int> { split.Current };
            }

            Require(split.Current, current, creatives);
            return new HashSet<int> { split.Current };
        }

        int candidates = Count(candidate);
        Require(candidate, candidates, creatives);
        if (split.CandidateShare == 1)
        {
            return new HashSet<int> { candidate };
        }

        Require(split.Current, current, creatives);
        double rotation = (double)candidates / (candidates + current);
        return split.CandidateShare >= rotation ? new HashSet<int> { split.Current, candidate } : new HashSet<int> { split.Current };

        int Count(int generation) => creatives.Count(c => c.Generation == generation);
    }

    private static void Require(int generation, int count, IReadOnlyList<LinkedInCreative> creatives)
    {
        if (count == 0)
        {
            string held = creatives.Count == 0 ? "none" : string.Join(", ", creatives.Select(c => c.Generation).Distinct().Order());
            throw new ChannelRefusedException(Channel, $"the campaign has no active or paused creative for content generation {generation} (name it with 'gtm-gen-{generation}'); generations it holds: {held}");
        }
    }

    [GeneratedRegex(@"\bgtm-gen-(?<n>[0-9]{1,6})\b", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
