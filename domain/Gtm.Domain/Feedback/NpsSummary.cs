using System.Text.Json.Serialization;

namespace Gtm.Domain.Feedback;

/// <summary>
/// Net Promoter figures for a set of scores: promoters answered 9 or 10, passives 7 or 8,
/// detractors 0 to 6. <see cref="Nps"/> is 100 × (promoters − detractors) / responses, rounded to
/// a whole number (halves away from zero), from −100 to 100; <see cref="MeanScore"/> is rounded to
/// two decimals. Both are null when there are no responses (and written as null in JSON, not left out).
/// </summary>
public sealed record NpsSummary(
    int Responses,
    int Promoters,
    int Passives,
    int Detractors,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? Nps,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? MeanScore)
{
    public static NpsSummary Empty { get; } = new(0, 0, 0, 0, null, null);

    public static NpsSummary From(IEnumerable<int> scores)
    {
        int responses = 0, promoters = 0, passives = 0, detractors = 0, total = 0;
        foreach (int score in scores)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(score, SurveyResponse.MinScore, nameof(scores));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(score, SurveyResponse.MaxScore, nameof(scores));
            responses++;
            total += score;
            switch (score)
            {
                case >= 9:
                    promoters++;
                    break;
                case >= 7:
                    passives++;
                    break;
                default:
                    detractors++;
                    break;
            }
        }

        return responses == 0
            ? Empty
            : new NpsSummary(
                responses,
                promoters,
                passives,
                detractors,
                (int)Math.Round(100.0 * (promoters - detractors) / responses, MidpointRounding.AwayFromZero),
                Math.Round((double)total / responses, 2, MidpointRounding.AwayFromZero));
    }
}
