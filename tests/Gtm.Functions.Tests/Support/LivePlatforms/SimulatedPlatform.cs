using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Gtm.Functions.Tests.Support.LivePlatforms;

/// <summary>
/// A channel platform's API simulated on a WireMock server on loopback: every request is answered
/// by one callback from state kept in memory (campaigns, their status and budget in the
/// platform's units, their delivery), after its headers are checked as the platform checks them.
/// Requests are handled one at a time, so the state is never read half-changed. Active campaigns
/// deliver on the market's clock (wall time times the app's <c>Gtm:TimeScale</c>): spend is the
/// daily budget pro rata, and the rest follows from the platform's market rates.
/// </summary>
public abstract class SimulatedPlatform : IDisposable
{
    private readonly Lock gate = new();
    private readonly List<SimulatedCampaign> campaigns = [];
    private readonly List<PlatformCall> calls = [];
    private readonly List<string> violations = [];
    private readonly List<MetricsAnswer> metricsAnswers = [];
    private readonly double timeScale;

    protected SimulatedPlatform(string channel, MarketRates rates, double timeScale)
    {
        Channel = channel;
        Rates = rates;
        this.timeScale = timeScale;
        Server = WireMockServer.Start();
        Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(Answer));
    }

    /// <summary>The product's name for the channel: linkedin, google_ads, meta or email.</summary>
    public string Channel { get; }

    public MarketRates Rates { get; }

    public WireMockServer Server { get; }

    /// <summary>The app settings that point the product's live client at this simulation.</summary>
    public abstract IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>Every request answered, in order.</summary>
    public IReadOnlyList<PlatformCall> Calls => Locked(() => calls.ToArray());

    /// <summary>Requests the platform would have refused for their headers, or that no route of the API knows.</summary>
    public IReadOnlyList<string> Violations => Locked(() => violations.ToArray());

    /// <summary>The metrics the platform reported, one entry per campaign and read.</summary>
    public IReadOnlyList<MetricsAnswer> MetricsAnswers => Locked(() => metricsAnswers.ToArray());

    /// <summary>The campaign the product knows by <paramref name="platformCampaignId"/>.</summary>
    public SimulatedCampaign Campaign(string platformCampaignId) =>
        Locked(() => Find(CampaignKey(platformCampaignId)))
            ?? throw new InvalidOperationException($"{Channel} holds no campaign {platformCampaignId}; it holds {string.Join(", ", Campaigns.Select(c => c.Id))}");

    public IReadOnlyList<SimulatedCampaign> Campaigns => Locked(() => campaigns.ToArray());

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Answers a request whose headers passed <see cref="HeaderProblem"/>; <c>null</c> for a route the API does not have.</summary>
    protected abstract ResponseMessage? Route(IRequestMessage request, DateTimeOffset now);

    /// <summary>What is wrong with the request's headers for this platform, with the status it answers; <c>null</c> when nothing is.</summary>
    protected abstract (int Status, string Message)? HeaderProblem(IRequestMessage request);

    /// <summary>The platform's answer to a request it refuses outright (bad credentials, missing headers, unknown route).</summary>
    protected abstract ResponseMessage Refusal(int status, string message);

    /// <summary>The platform's own id of the campaign in the product's platform id (HubSpot's carries two).</summary>
    protected virtual string CampaignKey(string platformCampaignId) => platformCampaignId;

    /// <summary>What the campaign delivers over <paramref name="marketDays"/>: an active campaign with a budget spends it.</summary>
    protected virtual Delivery? Delivered(SimulatedCampaign campaign, double marketDays) =>
        campaign.Spending ? Rates.For((double)campaign.DailyBudget * marketDays) : null;

    /// <summary>How a campaign's delivery is booked; LinkedIn also books it on the creatives that served it.</summary>
    protected virtual void Deliver(SimulatedCampaign campaign, Delivery delivery) => campaign.Totals.Add(delivery);

    protected SimulatedCampaign Add(SimulatedCampaign campaign)
    {
        campaigns.Add(campaign);
        return campaign;
    }

    /// <summary>The campaigns the platform holds; call only while answering (the lock is held).</summary>
    protected IReadOnlyList<SimulatedCampaign> Held => campaigns;

    protected SimulatedCampaign? Find(string id) => campaigns.FirstOrDefault(c => c.Id == id);

    protected void Reported(MetricsAnswer answer) => metricsAnswers.Add(answer);

    /// <summary>Requests answered after <paramref name="from"/>; call only while answering.</summary>
    protected int CallsSince(DateTimeOffset from) => calls.Count(c => c.At > from);

    private IResponseMessage Answer(IRequestMessage request)
    {
        lock (gate)
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            AccrueAll(now);
            ResponseMessage response;
            if (HeaderProblem(request) is var (status, problem))
            {
                violations.Add($"{request.Method} {request.Path}: {problem}");
                response = Refusal(status, problem);
            }
            else if (Route(request, now) is { } answered)
            {
                response = answered;
            }
            else
            {
                violations.Add($"{request.Method} {request.Path}{request.RawQuery}: no such route in the API");
                response = Refusal(404, $"no route for {request.Method} {request.Path}");
            }

            calls.Add(new PlatformCall(now, request.Method, request.Path, request.RawQuery ?? "", Convert.ToInt32(response.StatusCode, System.Globalization.CultureInfo.InvariantCulture)));
            return response;
        }
    }

    /// <summary>Changes the state between requests, from now on: what was delivered until now is booked first.</summary>
    protected T Changing<T>(Func<DateTimeOffset, T> change) => Locked(() =>
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        AccrueAll(now);
        return change(now);
    });

    private void AccrueAll(DateTimeOffset now)
    {
        foreach (SimulatedCampaign campaign in campaigns)
        {
            Accrue(campaign, now);
        }
    }

    /// <summary>Books what an active campaign delivered since it was last looked at, on the market's clock.</summary>
    private void Accrue(SimulatedCampaign campaign, DateTimeOffset now)
    {
        double marketDays = (now - campaign.AccruedTo).TotalDays * timeScale;
        campaign.AccruedTo = now;
        if (marketDays > 0 && Delivered(campaign, marketDays) is { } delivery)
        {
            Deliver(campaign, delivery);
        }
    }

    /// <summary>Reads or changes the state between requests.</summary>
    protected T Locked<T>(Func<T> read)
    {
        lock (gate)
        {
            return read();
        }
    }
}

/// <summary>One request as the platform answered it.</summary>
public sealed record PlatformCall(DateTimeOffset At, string Method, string Path, string Query, int Status);

/// <summary>What the platform reported for one campaign, in the numbers it sent.</summary>
public sealed record MetricsAnswer(DateTimeOffset At, string CampaignId, long Impressions, long Clicks, decimal Spend);
