using System.Text.Json;
using Gtm.Domain.Contracts;

namespace Gtm.Domain.Feedback;

/// <summary>
/// Reads a survey answer from its JSON body (snake_case, as the rest of the API): the JSON types
/// first (ids and comment are strings, <c>nps</c> an integer: 7.5, "9" and null are refused), then
/// <see cref="SurveyResponse.Validate"/>. Every error is reported, each with its JSON Pointer.
/// </summary>
public static class SurveyResponseReader
{
    private static readonly string[] Ids = ["venture_id", "campaign_id", "variant_id", "respondent_id"];
    private static readonly HashSet<string> Fields = [.. Ids, "nps", "comment"];

    public sealed record Result(SurveyResponse? Response, IReadOnlyList<ContractError> Errors)
    {
        public bool IsValid => Errors.Count == 0;
    }

    public static Result Read(string json)
    {
        using JsonDocument? document = JsonObjectBody.Parse(json, "venture_id, campaign_id, variant_id, respondent_id, nps and optionally comment", out ContractError? malformed);
        if (document is null)
        {
            return new Result(null, [malformed!]);
        }

        JsonElement root = document.RootElement;
        var errors = new List<ContractError>();
        errors.AddRange(root.EnumerateObject()
            .Where(p => !Fields.Contains(p.Name))
            .Select(p => new ContractError("/" + p.Name, $"'{p.Name}' is not a field of a survey answer; send {string.Join(", ", Fields)}.")));
        string[] ids = [.. Ids.Select(field => Text(root, field, errors) ?? "")];
        int nps = Score(root, errors);
        string? comment = Text(root, "comment", errors);
        SurveyResponse response = new SurveyResponse(ids[0], ids[1], ids[2], ids[3], nps, comment).Normalized();
        HashSet<string> typed = [.. errors.Select(e => e.Pointer)];
        errors.AddRange(response.Validate().Where(e => !typed.Contains(e.Pointer)));
        return new Result(errors.Count == 0 ? response : null, errors);
    }

    /// <summary>The field's string; null when absent or null (the rules then say whether it is required).</summary>
    private static string? Text(JsonElement root, string field, List<ContractError> errors)
    {
        if (!root.TryGetProperty(field, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new ContractError("/" + field, $"must be a string, not {Kind(value)}"));
            return null;
        }

        return value.GetString();
    }

    private static int Score(JsonElement root, List<ContractError> errors)
    {
        string range = $"an integer from {SurveyResponse.MinScore} to {SurveyResponse.MaxScore}";
        if (!root.TryGetProperty("nps", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new ContractError("/nps", $"is required: {range}"));
            return 0;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            errors.Add(new ContractError("/nps", $"must be {range}, not {Kind(value)}"));
            return 0;
        }

        if (value.TryGetInt32(out int score))
        {
            return score;
        }

        // 10.0 and 1e1 are whole numbers written otherwise; 7.5 is not.
        if (value.TryGetDouble(out double number) && number == Math.Floor(number) && number is >= SurveyResponse.MinScore and <= SurveyResponse.MaxScore)
        {
            return (int)number;
        }

        errors.Add(new ContractError("/nps", $"must be {range}, not {value.GetRawText()}"));
        return 0;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => value.GetRawText(),
    };
}
