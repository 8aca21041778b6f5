using System.Diagnostics;
using System.Text.Json;
using Gtm.Domain.Content;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gtm.Activities.Content;

/// <summary>
/// Campaign copy from a language model behind <see cref="IChatClient"/> (any OpenAI-compatible
/// endpoint): asks for the channel's elements as JSON of a given schema, checks every variant
/// against the channel's limits, the number asked, repeats and the texts to avoid, and puts the
/// proven texts first as the rule-based generator does. Any failure (the call, the time limit, the
/// answer's shape or a single variant) is logged and the rule-based copy for the same request is
/// used instead.
/// </summary>
public sealed partial class ModelContentGenerator(
    [FromKeyedServices(ContentModelOptions.Section)] IChatClient chat,
    IVariantRanking ranking,
    IOptions<ContentModelOptions> options,
    ILogger<ModelContentGenerator> logger) : IContentGenerator
{
    private readonly ContentModelOptions settings = options.Value;

    public async Task<CampaignContent> GenerateAsync(ContentRequest request, CancellationToken cancellation)
    {
        RuleBasedContentGenerator.CheckVariantCount(request);
        IReadOnlyList<(string Element, int MaxLength)> limits = ChannelLimits.For(request.Channel);
        ProvenCopy proven = await ranking.ProvenCopyAsync(request, cancellation).ConfigureAwait(false);
        if (await AskAsync(request, proven, cancellation).ConfigureAwait(false) is not { } output)
        {
            return RuleBasedContentGenerator.Generate(request, proven);
        }

        var avoid = new HashSet<string>(request.Avoid ?? [], StringComparer.OrdinalIgnoreCase);
        return RuleBasedContentGenerator.Assemble(request, limits.Select(l => (l.Element, (IReadOnlyList<string>)[.. proven.For(l.Element)
            .Select(text => RuleBasedContentGenerator.Fit(text, l.MaxLength))
            .OfType<string>()
            .Where(text => !avoid.Contains(text))
            .Concat(output.Elements[l.Element])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(request.VariantsPerElement)])));
    }

    /// <summary>The model's answer if it is valid for the request; null, with a warning saying why, if not.</summary>
    private async Task<ModelContentOutput?> AskAsync(ContentRequest request, ProvenCopy proven, CancellationToken cancellation)
    {
        string venture = request.Strategy.VentureId;
        var chatOptions = new ChatOptions
        {
            ModelId = settings.Model,
            Temperature = (float?)settings.Temperature,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(
                ModelContentOutput.Schema(request.Channel, request.VariantsPerElement),
                "campaign_content",
                $"New variants for each {request.Channel} content element"),
        };

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        ChatResponse response;
        try
        {
            response = await chat.GetResponseAsync(ContentPrompt.Messages(request, proven.ByElement), chatOptions, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            LogTimedOut(venture, request.Channel, settings.TimeoutSeconds);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCallFailed(e, venture, request.Channel, e.Message);
            return null;
        }

        string model = response.ModelId ?? settings.Model ?? "";
        if (response.Usage is { } usage)
        {
            LogUsage(venture, request.Channel, model, usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount);
            var tags = new TagList { { "gtm.channel", request.Channel }, { "gen_ai.request.model", settings.Model } };
            CountTokens(usage.InputTokenCount, "input", tags);
            CountTokens(usage.OutputTokenCount, "output", tags);
        }

        ModelContentOutput output;
        try
        {
            output = ModelContentOutput.Parse(response.Text);
        }
        catch (JsonException e)
        {
            LogRejected(venture, request.Channel, model, $"not JSON of the expected shape: {e.Message}");
            return null;
        }

        IReadOnlyList<string> problems = output.Problems(request);
        if (problems.Count > 0)
        {
            LogRejected(venture, request.Channel, model, string.Join("; ", problems));
            return null;
        }

        return output;
    }

    private static void CountTokens(long? count, string kind, TagList tags)
    {
        if (count is > 0)
        {
            tags.Add("gen_ai.token.type", kind);
            ContentModelTelemetry.Tokens.Add(count.Value, tags);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Content model {Model} for venture {VentureId} on {Channel}: {InputTokens} input, {OutputTokens} output, {TotalTokens} total tokens")]
    private partial void LogUsage(string ventureId, string channel, string model, long? inputTokens, long? outputTokens, long? totalTokens);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Content model answer for venture {VentureId} on {Channel} ({Model}) rejected, rule-based content used instead: {Problems}")]
    private partial void LogRejected(string ventureId, string channel, string model, string problems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Content model call for venture {VentureId} on {Channel} failed, rule-based content used instead: {Reason}")]
    private partial void LogCallFailed(Exception exception, string ventureId, string channel, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Content model for venture {VentureId} on {Channel} did not answer within {TimeoutSeconds} s, rule-based content used instead")]
    private partial void LogTimedOut(string ventureId, string channel, int timeoutSeconds);
}
