using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using static Gtm.Channels.Tests.Live.Meta.MetaStub;

namespace Gtm.Channels.Tests.Live.Meta;

/// <summary>
/// A campaign (777) serving one launch ad (91) in its ad set (3001) with creative 4001, on a fake
/// clock: what the A/B test stub tests start from. A test of the headline, variant b in ad set copy
/// 3002 with ad 93 and creative 4002, in study 6001.
/// </summary>
internal sealed class MetaExperimentFixture : IDisposable
{
    public const string Studies = $"act_{Account}/ad_studies";
    public const string StudyFields = "id,name,description,start_time,end_time,cells{name,treatment_percentage,adsets{id,status}}";

    public static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    public static readonly ExperimentSpec Headline = new("t1", "headline", [new("a", "Invoices, found"), new("b", "Invoices, in seconds")], 0.2);

    public MetaStub Stub { get; } = new();

    public FakeTimeProvider Time { get; } = new(Now);

    public IChannelAdapter Adapter() => Stub.Services(time: Time).GetRequiredService<ChannelAdapters>().For("meta");

    /// <summary>The campaign with its ads (the launch ad active, a generation-2 ad paused), and every change answered.</summary>
    public void Campaign(params JsonObject[] ads)
    {
        Stub.AccountCurrency("EUR");
        Stub.Campaign("777", "Spring launch · v1/c1 · gtm-0123456789abcdef", "ACTIVE", 5000);
        Stub.Ads("777", ads.Length > 0 ? ads : [Ad("91", "Launch ad", "ACTIVE"), Ad("92", "Spring headline gtm-gen-2", "PAUSED")]);
        Stub.Changes();
    }

    /// <summary>A campaign with no test yet: nothing named for the test on the ad account.</summary>
    public void Fresh()
    {
        Campaign();
        ControlAd();
        StudyList(Study("gtm-test 888 t1", Now.AddDays(5)));
        Stub.Answer("GET", "3001/insights", Page(new JsonObject { ["impressions"] = "1000", ["clicks"] = "20" }));
        Stub.Answer("GET", "777/adsets", Page());
        Stub.Answer("GET", $"act_{Account}/adcreatives", Page());
    }

    /// <summary>The ad account's studies, as <c>GET act_{id}/ad_studies</c> lists them.</summary>
    public void StudyList(params JsonObject[] studies) => Stub.Answer("GET", Studies, Page(studies), priority: 20);

    public static JsonObject LinkData() => new()
    {
        ["link"] = "https://example.com/",
        ["message"] = "Stop losing invoices",
        ["name"] = "Invoices, found",
        ["image_hash"] = "9f1c",
        ["call_to_action"] = new JsonObject { ["type"] = "LEARN_MORE", ["value"] = new JsonObject { ["link"] = "https://example.com/" } },
    };

    public static JsonObject StorySpec() => new() { ["page_id"] = "5550", ["link_data"] = LinkData() };

    /// <summary>The launch ad read with its ad set and creative.</summary>
    public void ControlAd(JsonObject? storySpec = null, int priority = 10) =>
        Stub.Answer("GET", "91", priority: priority, body: new JsonObject
        {
            ["id"] = "91",
            ["adset_id"] = "3001",
            ["creative"] = new JsonObject { ["id"] = "4001", ["object_story_spec"] = storySpec ?? StorySpec() },
        });

    /// <summary>The record the study of <see cref="Headline"/> keeps: the control's ad set had 1,000 impressions and 20 clicks.</summary>
    public static JsonObject Record() => new()
    {
        ["element"] = "headline",
        ["variants"] = new JsonArray("a", "b"),
        ["control_ad"] = "91",
        ["control_creative"] = "4001",
        ["control_adset"] = "3001",
        ["impressions_before"] = 1000,
        ["clicks_before"] = 20,
    };

    /// <summary>A study as Meta lists it, with its cells and their ad sets.</summary>
    public static JsonObject Study(string name, DateTimeOffset end, string copyStatus = "ACTIVE", string id = "6001") => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["description"] = Record().ToJsonString(),
        ["start_time"] = "2026-03-01T09:01:00+0000",
        ["end_time"] = end.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+0000'", System.Globalization.CultureInfo.InvariantCulture),
        ["cells"] = Page(Cell("a", 90, "3001", "ACTIVE"), Cell("b", 10, "3002", copyStatus)),
    };

    private static JsonObject Cell(string name, int percentage, string adSet, string status) => new()
    {
        ["id"] = $"cell-{name}",
        ["name"] = name,
        ["treatment_percentage"] = percentage,
        ["adsets"] = Page(new JsonObject { ["id"] = adSet, ["status"] = status }),
    };

    /// <summary>Each POST to <paramref name="path"/> answers the next of <paramref name="ids"/> in <paramref name="field"/>.</summary>
    public void Creates(string path, string field, params string[] ids)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            var when = Stub.Server.Given(Request.Create().WithPath($"{Graph}/{path}").UsingPost()).InScenario(path);
            (i == 0 ? when : when.WhenStateIs($"made {i}")).WillSetStateTo($"made {i + 1}").RespondWith(Json(new JsonObject { [field] = ids[i] }));
        }
    }

    public static bool JsonEquals(JsonNode expected, string actual) => JsonNode.DeepEquals(expected, JsonNode.Parse(actual));

    public void Dispose() => Stub.Dispose();
}
