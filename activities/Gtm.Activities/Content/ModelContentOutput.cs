using System.Text.Json;
using System.Text.Json.Nodes;
using Gtm.Domain.Content;

namespace Gtm.Activities.Content;

/// <summary>
/// What the content model answers: one property per content element of the channel, each a list
/// of new variants (<c>{"headline": ["...", "..."], "description": [...]}</c>). Texts are taken
/// as written, surrounding white space aside: one over its limit makes the whole answer invalid,
/// it is never shortened.
/// </summary>
public sealed record ModelContentOutput(IReadOnlyDictionary<string, IReadOnlyList<string>> Elements)
{
    /// <summary>The JSON schema the model is asked to follow for a channel and a number of variants.</summary>
    public static JsonElement Schema(string channel, int variants)
    {
        var properties = new JsonObject();
        foreach ((string element, int limit) in ChannelLimits.For(channel))
        {
            properties[element] = new JsonObject
            {
                ["type"] = "array",
                ["description"] = $"{variants} new {element} variants, each at most {limit} characters",
                ["minItems"] = variants,
                ["maxItems"] = variants,
                ["items"] = new JsonObject { ["type"] = "string", ["maxLength"] = limit },
            };
        }

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray([.. ChannelLimits.For(channel).Select(e => JsonValue.Create(e.Element))]),
            ["additionalProperties"] = false,
        };
        return JsonSerializer.SerializeToElement(schema);
    }

    /// <summary>Reads the model's answer; a <see cref="JsonException"/> says why it is not of this shape.</summary>
    public static ModelContentOutput Parse(string? text)
    {
        using JsonDocument document = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? throw new JsonException("the answer is empty") : text);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"the answer is a JSON {document.RootElement.ValueKind}, not an object of elements");
        }

        var elements = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Array || property.Value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
            {
                throw new JsonException($"element '{property.Name}' is not a list of texts");
            }

            elements[property.Name] = [.. property.Value.EnumerateArray().Select(v => v.GetString()!.Trim())];
        }

        return new ModelContentOutput(elements);
    }

    /// <summary>
    /// Why this answer cannot be used for the request, one line per problem naming the element and
    /// the variant: an element missing or unknown to the channel, a number of variants other than
    /// asked, an empty text, a text over the channel's limit, a repeat, or a text to avoid.
    /// </summary>
    public IReadOnlyList<string> Problems(ContentRequest request)
    {
        IReadOnlyList<(string Element, int MaxLength)> limits = ChannelLimits.For(request.Channel);
        var avoid = new HashSet<string>(request.Avoid ?? [], StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (string unknown in Elements.Keys.Where(k => !limits.Any(l => l.Element == k)))
        {
            problems.Add($"{unknown}: not an element of {request.Channel}");
        }

        foreach ((string element, int limit) in limits)
        {
            if (!Elements.TryGetValue(element, out IReadOnlyList<string>? texts))
            {
                problems.Add($"{element}: missing");
                continue;
            }

            if (texts.Count != request.VariantsPerElement)
            {
                problems.Add($"{element}: {texts.Count} variants, {request.VariantsPerElement} asked");
            }

            for (int i = 0; i < texts.Count; i++)
            {
                string text = texts[i];
                string variant = $"{element} variant {i + 1}";
                if (text.Length == 0)
                {
                    problems.Add($"{variant}: empty");
                }
                else if (text.Length > limit)
                {
                    problems.Add($"{variant}: {text.Length} characters, over the {limit}-character limit of {request.Channel}");
                }

                int first = FirstIndexOf(texts, text);
                if (first < i && text.Length > 0)
                {
                    problems.Add($"{variant}: repeats variant {first + 1}");
                }

                if (avoid.Contains(text))
                {
                    problems.Add($"{variant}: a text to avoid");
                }
            }
        }

        return problems;
    }

    private static int FirstIndexOf(IReadOnlyList<string> texts, string text)
    {
        for (int i = 0; i < texts.Count; i++)
        {
            if (string.Equals(texts[i], text, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
