using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gtm.LocalRunner.Http;
using Gtm.LocalRunner.Tests.Support;

namespace Gtm.LocalRunner.Tests.Http;

[Trait("Category", "Integration")]
public sealed class HttpTriggerTests : IAsyncLifetime
{
    private TestRunner host = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        host = await TestRunner.StartAsync();
        client = host.CreateClient();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Anonymous_functions_answer_without_a_key_with_route_values_bound()
    {
        JsonElement body = await client.GetFromJsonAsync<JsonElement>("/api/echo/hello");
        Assert.Equal("hello", body.GetProperty("word").GetString());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong", HttpStatusCode.Unauthorized)]
    [InlineData(TestRunner.FunctionKey, HttpStatusCode.OK)]
    [InlineData(TestRunner.MasterKey, HttpStatusCode.OK)]
    public async Task Function_level_needs_a_function_or_master_key_in_the_header(string? key, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/Secret");
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        using HttpResponseMessage response = await client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task The_code_query_parameter_works_like_the_header()
    {
        using HttpResponseMessage response = await client.GetAsync($"/api/Secret?code={TestRunner.FunctionKey}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(TestRunner.FunctionKey, HttpStatusCode.Unauthorized)]
    [InlineData(TestRunner.MasterKey, HttpStatusCode.OK)]
    public async Task Admin_level_needs_the_master_key(string key, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/thing");
        request.Headers.Add("x-functions-key", key);
        using HttpResponseMessage response = await client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        using var small = new ByteArrayContent(new byte[1000]);
        using HttpResponseMessage ok = await client.PostAsync("/api/Upload", small);
        Assert.Equal(1000, (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("bytes").GetInt32());

        using var large = new ByteArrayContent(new byte[10_000]);
        using HttpResponseMessage refused = await client.PostAsync("/api/Upload", large);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_failing_function_answers_500_problem_details_without_internals()
    {
        using HttpResponseMessage response = await client.GetAsync("/api/Boom");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Function failed", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_is_anonymous_and_unknown_routes_are_404()
    {
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/nothing-here")).StatusCode);
    }
}
