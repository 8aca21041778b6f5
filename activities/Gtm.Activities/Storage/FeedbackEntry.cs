namespace Gtm.Activities.Storage;

/// <summary>
/// The content a survey answer is about, as stored with the answer: the campaign's channel and
/// segment type, the content generation the variant was found in, and the variant's element and text.
/// </summary>
public sealed record SurveyedContent(string Channel, string SegmentType, int ContentGeneration, string Element, string Text);

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
    DateTimeOffset SubmittedAt);
