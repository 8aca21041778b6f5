using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gtm.Functions.Tests.Support;

/// <summary>
/// An OpenAI-compatible chat API on a free loopback port: <c>POST /v1/chat/completions</c> answers
/// with the chat completion shape (message content and <c>usage</c>), as the test programs it, and
/// every request received is recorded with its Authorization header.
/// </summary>
public sealed class OpenAiStub : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<StubRequest> requests = new();
    private int answered;

    private OpenAiStub(WebApplication app) => this.app = app;

    /// <summary>The API's base address, as <c>Gtm:ContentModel:Endpoint</c> takes it.</summary>
    public string Endpoint => app.Urls.Single() + "/v1";

    /// <summary>The assistant's message content for a request's body.</summary>
    public Func<JsonObject, string> Content { get; set; } = _ => "{}";

    /// <summary>Anything but 200 answers with an OpenAI error body.</summary>
    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    /// <summary>How long to wait before answering.</summary>
    public TimeSpan Delay { get; set; }

    public int PromptTokens { get; set; } = 812;

    public int CompletionTokens { get; set; } = 164;

    public IReadOnlyList<StubRequest> Requests => [.. requests];

    public static async Task<OpenAiStub> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var stub = new OpenAiStub(app);
        app.MapPost("/v1/chat/completions", (Delegate)stub.AnswerAsync);
        await app.StartAsync();
        return stub;
    }

    private async Task<IResult> AnswerAsync(HttpContext context)
    {
        JsonObject body = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!.AsObject();
        requests.Enqueue(new StubRequest(body, context.Request.Headers.Authorization.ToString()));
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        if (StatusCode != StatusCodes.Status200OK)
        {
            return Results.Json(new JsonObject { ["error"] = new JsonObject { ["message"] = "stub failure", ["type"] = "server_error" } }, statusCode: StatusCode);
        }

        int id = Interlocked.Increment(ref answered);
        return Results.Json(new JsonObject
        {
            ["id"] = $"chatcmpl-stub-{id}",
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = body["model"]?.GetValue<string>(),
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = Content(body) },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = PromptTokens,
                ["completion_tokens"] = CompletionTokens,
                ["total_tokens"] = PromptTokens + CompletionTokens,
            },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>A request the stub received: its JSON body and Authorization header.</summary>
public sealed record StubRequest(JsonObject Body, string Authorization)
{
    /// <summary>All message contents, system and user, in one text.</summary>
    public string Prompt => string.Join("\n", Body["messages"]!.AsArray().Select(m => m!["content"]?.ToString()));
}
