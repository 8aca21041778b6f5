using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gtm.Activities.Storage;
using Gtm.Domain.Content;
using Gtm.Functions.Tests.Support;
using Gtm.Testing;

namespace Gtm.Functions.Tests.Content;

/// <summary>A venture kicked off through the functions host with <c>Gtm__ContentModel__Endpoint</c> set gets the model's copy.</summary>
[Trait("Category", "Integration")]
public sealed class ModelContentGeneratorKickoffTests
{
    [Fact(Timeout = 120_000)]
    public async Task A_venture_launched_with_a_content_model_configured_carries_the_models_copy_in_every_campaign()
    {
        await using OpenAiStub stub = await OpenAiStub.StartAsync();
        stub.Content = AnswerEveryElement;
        await using FunctionsHost host = await FunctionsHost.StartAsync(values: new Dictionary<string, string?>
        {
            ["Gtm__ContentModel__Endpoint"] = stub.Endpoint,
            ["Gtm__ContentModel__Model"] = "stub-model",
        });
        using HttpClient client = host.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.MasterKey);
        string venture = $"mdl-{Guid.NewGuid():N}"[..20];

        using HttpResponseMessage accepted = await client.PostAsJsonAsync("/api/ventures", StandardVenture.Create(venture));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        JsonElement done = await DurableStatus.PollUntilDoneAsync(client, accepted.Headers.Location!);

        JsonElement output = done.GetProperty("output");
        Assert.True(output.GetProperty("outcome").GetString() == "launched", done.ToString());
        JsonElement[] campaigns = [.. output.GetProperty("campaigns").EnumerateArray()];
        Assert.Equal(campaigns.Length, stub.Requests.Count);
        ContentStore contents = host.Service<ContentStore>();
        foreach (JsonElement campaign in campaigns)
        {
            CampaignContent content = (await contents.GetAsync(venture, campaign.GetProperty("campaignId").GetString()!, 1, CancellationToken.None))!;
            Assert.All(content.Elements, e => Assert.Equal([$"M1 {e.Kind}", $"M2 {e.Kind}", $"M3 {e.Kind}"], e.Variants.Select(v => v.Text)));
        }
    }

    /// <summary>Three short variants of every element the request's schema asks for.</summary>
    private static string AnswerEveryElement(JsonObject request)
    {
        JsonObject properties = request["response_format"]!["json_schema"]!["schema"]!["properties"]!.AsObject();
        return new JsonObject(properties.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)new JsonArray([.. Enumerable.Range(1, 3).Select(i => JsonValue.Create($"M{i} {p.Key}"))])))).ToJsonString();
    }
}
