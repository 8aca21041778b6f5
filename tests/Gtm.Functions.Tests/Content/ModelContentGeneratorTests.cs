using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gtm.Activities.Content;
using Gtm.Domain.Content;
using Gtm.Domain.Ventures;
using Gtm.Functions.Tests.Support;
using Gtm.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gtm.Functions.Tests.Content;

/// <summary>
/// The model-backed generator against a local OpenAI-compatible stub, wired as the product wires it:
/// the model's copy when it is valid, the rule-based copy for the same request on any failure.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ModelContentGeneratorTests : IAsyncLifetime, IDisposable
{
    private const string Proven = "Close the books in a day";

    private static readonly VentureInputs Venture = SyntheticVentures.Create(7);

    private readonly CapturingLoggerProvider logs = new();
    private readonly string model = $"stub-model-{Guid.NewGuid():N}"[..20];
    private OpenAiStub stub = null!;

    private static ContentRequest Request(IReadOnlyDictionary<string, string>? comments = null, IReadOnlyCollection<string>? avoid = null) =>
        new(Venture.MarketStrategy, Venture.CustomerSegments[0], "google_ads", 3, avoid, comments);

    private static string GoogleAds(string[] headlines, string[]? descriptions = null) => new JsonObject
    {
        ["headline"] = new JsonArray([.. headlines.Select(h => JsonValue.Create(h))]),
        ["description"] = new JsonArray([.. (descriptions ?? ValidDescriptions).Select(d => JsonValue.Create(d))]),
    }.ToJsonString();

    private static readonly string[] ValidHeadlines = ["Month-end in one day", "Books closed by Friday", "Audit-ready every month"];

    private static readonly string[] ValidDescriptions =
    [
        "Reconcile every account automatically and close the month in a day, not ten.",
        "Controllers see every open item at a glance and sign off with confidence.",
        "Audit trails built in: every entry traced, every change explained.",
    ];

    public async Task InitializeAsync() => stub = await OpenAiStub.StartAsync();

    public async Task DisposeAsync() => await stub.DisposeAsync();

    public void Dispose() => logs.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task Valid_output_is_used_after_the_proven_texts_and_the_prompt_carries_the_brief_limits_and_comments()
    {
        stub.Content = _ => GoogleAds(ValidHeadlines);
        await using ServiceProvider services = Services(stub.Endpoint, new ProvenHeadline(Proven), apiKey: "sk-test-key", temperature: "0.4");
        var comments = new Dictionary<string, string> { ["headline"] = "Too generic: say what the controller gets" };

        CampaignContent content = await services.GetRequiredService<IContentGenerator>().GenerateAsync(Request(comments), CancellationToken.None);

        Assert.IsType<ModelContentGenerator>(services.GetRequiredService<IContentGenerator>());
        ContentElement headline = content.Elements.Single(e => e.Kind == "headline");
        Assert.Equal([Proven, ValidHeadlines[0], ValidHeadlines[1]], headline.Variants.Select(v => v.Text));
        Assert.Equal(["headline-a", "headline-b", "headline-c"], headline.Variants.Select(v => v.Id));
        Assert.Equal(ValidDescriptions, content.Elements.Single(e => e.Kind == "description").Variants.Select(v => v.Text));
        CampaignContent rules = await new RuleBasedContentGenerator(new ProvenHeadline(Proven)).GenerateAsync(Request(comments), CancellationToken.None);
        Assert.Equal((rules.Id, rules.VentureId, rules.SegmentId, rules.Channel, rules.Utm), (content.Id, content.VentureId, content.SegmentId, content.Channel, content.Utm));

        StubRequest sent = Assert.Single(stub.Requests);
        Assert.Equal(model, sent.Body["model"]!.GetValue<string>());
        Assert.Equal("Bearer sk-test-key", sent.Authorization);
        Assert.Equal(0.4, sent.Body["temperature"]!.GetValue<double>(), 3);
        Assert.Contains(Venture.MarketStrategy.ValueProposition, sent.Prompt, StringComparison.Ordinal);
        Assert.Contains(Venture.MarketStrategy.MessagingPillars[0], sent.Prompt, StringComparison.Ordinal);
        Assert.Contains(Venture.CustomerSegments[0].Persona.Pains[0], sent.Prompt, StringComparison.Ordinal);
        Assert.Contains("headline: at most 30 characters", sent.Prompt, StringComparison.Ordinal);
        Assert.Contains("description: at most 90 characters", sent.Prompt, StringComparison.Ordinal);
        Assert.Contains("exactly 3 new variants", sent.Prompt, StringComparison.Ordinal);
        Assert.Contains("Too generic: say what the controller gets", sent.Prompt, StringComparison.Ordinal);
        Assert.Contains($"headline: \"{Proven}\"", sent.Prompt, StringComparison.Ordinal);
        JsonNode format = sent.Body["response_format"]!;
        Assert.Equal("json_schema", format["type"]!.GetValue<string>());
        JsonNode schema = format["json_schema"]!["schema"]!;
        Assert.Equal(["headline", "description"], schema["required"]!.AsArray().Select(n => n!.GetValue<string>()));

        // The OpenAI adapter turns keywords the API does not take (maxLength, minItems) into descriptions.
        Assert.Contains("at most 30 characters", schema["properties"]!["headline"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact(Timeout = 30_000)]
    public async Task Invalid_json_falls_back_to_the_rule_based_content_with_a_warning()
    {
        stub.Content = _ => "Sure! Here are three headlines: Month-end in one day, ...";
        await using ServiceProvider services = Services(stub.Endpoint);

        CampaignContent content = await services.GetRequiredService<IContentGenerator>().GenerateAsync(Request(), CancellationToken.None);

        await AssertRuleBasedAsync(content, Request());
        Assert.Contains(Warnings(), w => w.Contains("not JSON of the expected shape", StringComparison.Ordinal) && w.Contains(Venture.MarketStrategy.VentureId, StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_headline_over_the_limit_is_rejected_not_shortened_and_the_warning_names_element_variant_and_limit()
    {
        string tooLong = "Close every month in a day now!";
        Assert.Equal(31, tooLong.Length);
        stub.Content = _ => GoogleAds([ValidHeadlines[0], tooLong, ValidHeadlines[2]]);
        await using ServiceProvider services = Services(stub.Endpoint);

        CampaignContent content = await services.GetRequiredService<IContentGenerator>().GenerateAsync(Request(), CancellationToken.None);

        await AssertRuleBasedAsync(content, Request());
        Assert.DoesNotContain(content.Elements.SelectMany(e => e.Variants), v => tooLong.StartsWith(v.Text, StringComparison.Ordinal));
        Assert.Contains(Warnings(), w => w.Contains("headline variant 2: 31 characters, over the 30-character limit of google_ads", StringComparison.Ordinal));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("""{"headline":["Month-end in one day","Books closed by Friday"],"description":["One.","Two.","Three."]}""", "headline: 2 variants, 3 asked")]
    [InlineData("""{"headline":["Month-end in one day","Books closed by Friday","Audit-ready every month"]}""", "description: missing")]
    [InlineData("""{"headline":["Month-end in one day","Books closed by Friday","Audit-ready every month"],"description":["One.","Two.","Three."],"body":["Hi","Hello"]}""", "body: not an element of google_ads")]
    [InlineData("""{"headline":["Month-end in one day","MONTH-END IN ONE DAY","Audit-ready every month"],"description":["One.","Two.","Three."]}""", "headline variant 2: repeats variant 1")]
    [InlineData("""{"headline":["Month-end in one day","  ","Audit-ready every month"],"description":["One.","Two.","Three."]}""", "headline variant 2: empty")]
    [InlineData("""{"headline":["Month-end in one day","Books closed by Friday","Stop chasing receipts"],"description":["One.","Two.","Three."]}""", "headline variant 3: a text to avoid")]
    [InlineData("""{"headline":"Month-end in one day","description":["One.","Two.","Three."]}""", "element 'headline' is not a list of texts")]
    public async Task An_answer_of_the_wrong_shape_falls_back_with_a_warning_saying_what_is_wrong(string answer, string problem)
    {
        stub.Content = _ => answer;
        await using ServiceProvider services = Services(stub.Endpoint);
        ContentRequest request = Request(avoid: ["Stop chasing receipts"]);

        CampaignContent content = await services.GetRequiredService<IContentGenerator>().GenerateAsync(request, CancellationToken.None);

        await AssertRuleBasedAsync(content, request);
        Assert.Contains(Warnings(), w => w.Contains(problem, StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task An_endpoint_that_is_down_falls_back_with_a_warning()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using ServiceProvider services = Services($"http://127.0.0.1:{port}/v1");

        CampaignContent content = await services.GetRequiredService<IContentGenerator>().GenerateAsync(Request(), CancellationToken.None);

        await AssertRuleBasedAsync(content, Request());
        Assert.Contains(Warnings(), w => w.Contains("call for venture", StringComparison.Ordinal) && w.Contains("failed", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task An_http_error_falls_back_at_once_without_retries()
    {
        stub.StatusCode = 503;
        await using ServiceProvider services = Services(stub.Endpoint);

        CampaignContent content = await services.GetRequiredService<IContentGenerator>().GenerateAsync(Request(), CancellationToken.None);

        await AssertRuleBasedAsync(content, Request());
        Assert.Single(stub.Requests);
        Assert.Contains(Warnings(), w => w.Contains("failed", StringComparison.Ordinal) && w.Contains("503", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_model_slower_than_the_timeout_falls_back_when_the_timeout_expires()
    {
        stub.Content = _ => GoogleAds(ValidHeadlines);
        stub.Delay = TimeSpan.FromSeconds(20);
        await using ServiceProvider services = Services(stub.Endpoint, timeoutSeconds: 1);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        CampaignContent content = await services.GetRequiredService<IContentGenerator>().GenerateAsync(Request(), CancellationToken.None);

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        await AssertRuleBasedAsync(content, Request());
        Assert.Contains(Warnings(), w => w.Contains("did not answer within 1 s", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task Token_usage_is_logged_with_venture_channel_and_model_and_counted_by_kind()
    {
        stub.Content = _ => GoogleAds(ValidHeadlines);
        stub.PromptTokens = 700;
        stub.CompletionTokens = 150;
        var counted = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ContentModelTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            Dictionary<string, object?> byKey = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            if (Equals(byKey["gen_ai.request.model"], model) && Equals(byKey["gtm.channel"], "google_ads"))
            {
                lock (counted)
                {
                    counted[(string)byKey["gen_ai.token.type"]!] = counted.GetValueOrDefault((string)byKey["gen_ai.token.type"]!) + value;
                }
            }
        });
        listener.Start();
        await using ServiceProvider services = Services(stub.Endpoint);

        await services.GetRequiredService<IContentGenerator>().GenerateAsync(Request(), CancellationToken.None);

        CapturedLog usage = Assert.Single(logs.Entries, e => e.Level == LogLevel.Information && e.Category == typeof(ModelContentGenerator).FullName);
        Assert.Equal($"Content model {model} for venture {Venture.MarketStrategy.VentureId} on google_ads: 700 input, 150 output, 850 total tokens", usage.Message);
        Assert.Equal(new Dictionary<string, long> { ["input"] = 700, ["output"] = 150 }, counted);
    }

    private ServiceProvider Services(string endpoint, IVariantRanking? ranking = null, int timeoutSeconds = 30, string? apiKey = null, string? temperature = null)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gtm:ContentModel:Endpoint"] = endpoint,
            ["Gtm:ContentModel:Model"] = model,
            ["Gtm:ContentModel:ApiKey"] = apiKey,
            ["Gtm:ContentModel:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gtm:ContentModel:Temperature"] = temperature,
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton(configuration)
            .AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        if (ranking is not null)
        {
            services.AddSingleton(ranking);
        }

        return services.AddContentGenerator(configuration).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static async Task AssertRuleBasedAsync(CampaignContent content, ContentRequest request)
    {
        CampaignContent expected = await new RuleBasedContentGenerator(new NoRanking()).GenerateAsync(request, CancellationToken.None);
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(content));
    }

    private string[] Warnings() => [.. logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message)];

    private sealed class ProvenHeadline(string text) : IVariantRanking
    {
        public Task<ProvenCopy> ProvenPatternsAsync(string segmentType, string channel, CancellationToken cancellation) =>
            Task.FromResult(new ProvenCopy(new Dictionary<string, IReadOnlyList<string>> { ["headline"] = [text] }));
    }
}
