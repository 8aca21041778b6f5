using System.Globalization;
using System.Text.RegularExpressions;

namespace Gtm.Channels;

/// <summary>
/// What the product does on a channel platform, whichever platform it is. Every call that changes
/// something takes an idempotency key, so a retried activity does not act twice.
/// </summary>
public interface IChannelAdapter
{
    /// <summary>email, linkedin, google_ads or meta.</summary>
    string Channel { get; }

    /// <summary>Creates the campaign paused; the same key returns the campaign created before.</summary>
    Task<PlatformCampaign> ProvisionAsync(ProvisionRequest request, CancellationToken cancellation);

    /// <summary>
    /// The campaign a provisioning with this request's key created, if any; never creates one. A
    /// rollback finds with it the campaigns whose creation went unanswered.
    /// </summary>
    Task<PlatformCampaign?> FindProvisionedAsync(ProvisionRequest request, CancellationToken cancellation);

    /// <summary>
    /// Whether the platform takes a daily budget of zero. Ad platforms with a minimum daily budget
    /// refuse it: there a paused campaign is what stops spend, and its budget stays as it was.
    /// </summary>
    bool ZeroBudgetAllowed { get; }

    /// <summary>
    /// Whether the platform would take this daily budget, asked without changing anything (Google's
    /// <c>validateOnly</c>, Meta's <c>validate_only</c>, a documented minimum elsewhere): throws a
    /// <see cref="ChannelRefusedException"/> with the platform's reason when it would not. A
    /// reallocation asks first, so a budget the platform refuses is never half applied.
    /// </summary>
    Task ValidateDailyBudgetAsync(string platformCampaignId, decimal amount, string currency, CancellationToken cancellation);

    /// <summary>Sets the daily budget, converted to the platform's own unit.</summary>
    Task<PlatformCampaign> SetDailyBudgetAsync(string platformCampaignId, decimal amount, string currency, CancellationToken cancellation);

    Task<PlatformCampaign> PauseAsync(string platformCampaignId, CancellationToken cancellation);

    Task<PlatformCampaign> ResumeAsync(string platformCampaignId, CancellationToken cancellation);

    Task<PlatformCampaign> GetAsync(string platformCampaignId, CancellationToken cancellation);

    /// <summary>Totals since the campaign was created, with the candidate creative's share of them while an experiment runs.</summary>
    Task<ChannelMetrics> ReadMetricsAsync(string platformCampaignId, CancellationToken cancellation);

    /// <summary>
    /// Which content the campaign serves: the current creative alone, or a candidate beside it to a
    /// share of the audience (the platform's experiment or ad variations). Sets the whole state, so
    /// repeating a call changes nothing.
    /// </summary>
    Task<PlatformCampaign> SetCreativesAsync(string platformCampaignId, CreativeSplit split, CancellationToken cancellation);

    /// <summary>
    /// Starts an A/B test of one element on a pilot share of the audience (the platform's
    /// experiments, ad variations or email A/B sends). Starting the same test again changes nothing;
    /// another test of the same campaign is refused while one runs.
    /// </summary>
    Task<PlatformCampaign> StartExperimentAsync(string platformCampaignId, ExperimentSpec spec, CancellationToken cancellation);

    /// <summary>Exposures and conversions per variant since the test began.</summary>
    Task<ExperimentMetrics> ReadExperimentAsync(string platformCampaignId, string testId, CancellationToken cancellation);

    /// <summary>Ends the test and serves <paramref name="variantId"/> to the whole audience; ending it again changes nothing.</summary>
    Task<PlatformCampaign> EndExperimentAsync(string platformCampaignId, string testId, string variantId, CancellationToken cancellation);
}

/// <summary>The creatives a campaign serves, by content generation (1 is the launch content).</summary>
public sealed record CreativeSplit(int Current, int? Candidate = null, double CandidateShare = 0)
{
    public static CreativeSplit Launch { get; } = new(1);

    /// <summary>Refuses a share outside 0 to 1, or one without a candidate to serve it.</summary>
    public void RequireValid(string channel)
    {
        if (CandidateShare is < 0 or > 1 || (Candidate is null && CandidateShare > 0))
        {
            throw new ChannelRefusedException(channel, $"a candidate share of {CandidateShare} needs a candidate creative and must be within 0 to 1");
        }
    }
}

public sealed record ProvisionRequest(string IdempotencyKey, string VentureId, string CampaignId, string Name, decimal DailyBudget, string Currency, string Scenario);

public enum CampaignStatus
{
    Paused,
    Active,
}

/// <summary>A campaign as the platform holds it, with its budget in the platform's unit (micros, minor units, ...).</summary>
/// <param name="Served">Per element tested, the variant the whole audience sees since its test ended.</param>
public sealed record PlatformCampaign(string Channel, string PlatformCampaignId, string CampaignId, string VentureId, CampaignStatus Status, long BudgetInPlatformUnits, string BudgetUnit, string Currency, decimal DailyBudget, CreativeSplit Creatives, IReadOnlyDictionary<string, string>? Served = null);

/// <summary>
/// Totals since the campaign was created, in the currency's major unit. <see cref="Candidate"/> is
/// what the candidate creative alone brought since its experiment began (part of the totals).
/// </summary>
public sealed record ChannelMetrics(string PlatformCampaignId, long Impressions, long Clicks, long Leads, long Conversions, decimal Spend, decimal ConversionValue, DateTimeOffset AsOf, ChannelMetrics? Candidate = null)
{
    public decimal Roas => Spend == 0 ? 0 : ConversionValue / Spend;

    public decimal ConversionRate => Clicks == 0 ? 0 : (decimal)Conversions / Clicks;
}

/// <summary>
/// A platform failed a call in a way that trying again may mend (a timeout, a 5xx, a rate limit).
/// When the platform said when to come back, the message ends with it, so that an orchestration,
/// which sees a failed activity's message but not its exception, can wait that long (<see cref="RetryAfterIn"/>).
/// </summary>
public partial class ChannelException(string channel, string message, TimeSpan? retryAfter = null)
    : Exception($"{channel}: {message}" + (retryAfter is { } wait ? string.Create(CultureInfo.InvariantCulture, $" (retry after {wait.TotalSeconds:0.###} s)") : ""))
{
    public string Channel { get; } = channel;

    /// <summary>Whether trying again may help: false for a refusal.</summary>
    public bool Retryable => this is not ChannelRefusedException;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>When a failure's message says to come back, as a <see cref="ChannelException"/> with <see cref="RetryAfter"/> ends it.</summary>
    public static TimeSpan? RetryAfterIn(string? message) =>
        message is not null && RetryAfterSuffix().Match(message) is { Success: true } match
            ? TimeSpan.FromSeconds(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
            : null;

    [GeneratedRegex(@" \(retry after ([0-9]+(?:\.[0-9]+)?) s\)$")]
    private static partial Regex RetryAfterSuffix();
}

/// <summary>
/// A platform refused a call (bad request, unknown campaign, a conflict): the same call will be
/// refused again, so orchestrations do not retry it (their retry policy names this type, and so
/// its subtypes).
/// </summary>
public class ChannelRefusedException(string channel, string message) : ChannelException(channel, message);

/// <summary>
/// A platform rejected the credentials (401, or 403 for the token's scope): nothing but an operator
/// changing <see cref="Setting"/> mends it, so it is a refusal, never retried, naming the setting.
/// </summary>
public sealed class ChannelUnauthorizedException(string channel, string setting, string platformMessage)
    : ChannelRefusedException(channel, $"the platform rejected the credentials in app setting '{setting}': {platformMessage}")
{
    /// <summary>The app setting to correct, e.g. <c>Gtm:Channels:GoogleAds:AccessToken</c>.</summary>
    public string Setting { get; } = setting;
}
