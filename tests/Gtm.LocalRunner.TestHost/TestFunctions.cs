using System.Collections.Concurrent;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Gtm.LocalRunner.TestHost;

/// <summary>What the test functions saw, per host.</summary>
public sealed class Recorder
{
    public ConcurrentQueue<TimerInfo> TimerRuns { get; } = new();

    public ConcurrentQueue<QueueMessage> Messages { get; } = new();

    public ConcurrentDictionary<string, int> Attempts { get; } = new();

    /// <summary>The dequeue count of every run of the failing function, in order.</summary>
    public ConcurrentQueue<long> FailedDequeueCounts { get; } = new();

    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>One function per trigger kind and auth level, for the host tests.</summary>
public sealed class TestFunctions(Recorder recorder)
{
    [Function("Echo")]
    public IResult Echo([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "echo/{word}")] HttpRequest request, string word) =>
        Results.Json(new { word });

    [Function("Secret")]
    public IResult Secret([HttpTrigger(AuthorizationLevel.Function, "get")] HttpRequest request) => Results.Json(new { secret = true });

    [Function("AdminOnly")]
    public IResult AdminOnly([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "admin/thing")] HttpRequest request) => Results.Json(new { admin = true });

    [Function("Upload")]
    public async Task<IResult> UploadAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequest request, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellation);
        return Results.Json(new { bytes = buffer.Length });
    }

    [Function("Health")]
    public IResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) => Results.Json(new { status = "Healthy" });

    [Function("Boom")]
    public IResult Boom([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request) => throw new InvalidOperationException("boom");

    [Function("EveryTick")]
    public void EveryTick([TimerTrigger("%TickSchedule%", RunOnStartup = true)] TimerInfo timer) => recorder.TimerRuns.Enqueue(timer);

    [Function("Collect")]
    public void Collect([QueueTrigger("%CollectQueue%")] QueueMessage message) => recorder.Messages.Enqueue(message);

    [Function("AlwaysFails")]
    public void AlwaysFails([QueueTrigger("%FailQueue%")] QueueMessage message)
    {
        recorder.Attempts.AddOrUpdate(message.MessageId, 1, (_, n) => n + 1);
        recorder.FailedDequeueCounts.Enqueue(message.DequeueCount);
        throw new InvalidOperationException($"cannot handle '{message.Body}'");
    }

    [Function("Slow")]
    public async Task SlowAsync([QueueTrigger("%SlowQueue%")] QueueMessage message, CancellationToken cancellation)
    {
        recorder.Attempts.AddOrUpdate(message.MessageId, 1, (_, n) => n + 1);
        await Task.Delay(recorder.SlowDelay, cancellation);
        recorder.Messages.Enqueue(message);
    }
}
