namespace Gtm.Activities.Storage;

/// <summary>
/// The content a survey answer is about, as stored with the answer: the campaign's channel and
/// segment type, the content generation the variant was found in, and the variant's element and
/// text, with the text as a copy pattern that carries over to other ventures.
/// </summary>
public sealed record SurveyedContent(string Channel, string SegmentType, int ContentGeneration, string Element, string Text, string Pattern);

/// <summary>One stored survey answer; the respondent is kept only as a hash in the row key.</summary>
public sealed record FeedbackEntry(
    string VentureId,
    string CampaignId,
    string VariantId,
    int ContentGeneration,
    string Element,
    string Text,
    string Channel,
    string SegmentType,
    int Nps,
    string? Comment,
    DateTimeOffset SubmittedAt,
    string? Pattern = null);
