using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Gtm.Channels.Live.GoogleAds;

/// <summary>
/// An A/B test as a Google Ads experiment. Its name carries the test id and the base campaign's
/// id (experiment names are unique in an account, so a retried start finds it), its description
/// the element under test. Ending it sets its end date to the day it ended; promoting it applies
/// the treatment to the base campaign.
/// </summary>
internal sealed partial record GoogleAdsExperiment(string ResourceName, string TestId, string Element, string Status, DateOnly? Start, DateOnly? End)
{
    public const string Fields = "experiment.resource_name, experiment.name, experiment.status, experiment.description, experiment.start_date, experiment.end_date";

    /// <summary>Scheduled and not yet ended, as of <paramref name="today"/> (the account's day).</summary>
    public bool RunningOn(DateOnly today) => Status is "INITIATED" or "ENABLED" or "HALTED" && (End is null || End > today);

    /// <summary>Made but never scheduled: what a start that failed half way leaves behind.</summary>
    public bool Unscheduled => Status == "SETUP";

    public bool Promoted => Status is "PROMOTED" or "GRADUATED";

    public static string Name(string testId, string campaignId) => $"{testId} · campaign {campaignId}";

    /// <summary>The GAQL condition for a campaign's experiments.</summary>
    public static string OfCampaign(string campaignId) => $"experiment.name LIKE '% · campaign {campaignId}' AND experiment.status != 'REMOVED'";

    public static string Description(string element, string controlId, string variantId) => $"{element}: {controlId} vs {variantId}";

    /// <summary>Test ids go into names and GAQL strings, so they are kept to a plain alphabet.</summary>
    public static bool IsPlainId(string id) => PlainId().IsMatch(id);

    public static GoogleAdsExperiment Read(JsonNode row)
    {
        JsonNode experiment = row["experiment"]!;
        string name = experiment["name"]?.ToString() ?? "";
        string description = experiment["description"]?.ToString() ?? "";
        return new GoogleAdsExperiment(
            experiment["resourceName"]?.ToString() ?? "",
            name[..Math.Max(0, name.IndexOf(" · campaign ", StringComparison.Ordinal))],
            description[..Math.Max(0, description.IndexOf(':', StringComparison.Ordinal))],
            experiment["status"]?.ToString() ?? "",
            Date(experiment["startDate"]),
            Date(experiment["endDate"]));
    }

    private static DateOnly? Date(JsonNode? value) =>
        DateOnly.TryParseExact(value?.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date) ? date : null;

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,200}$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainId();
}
