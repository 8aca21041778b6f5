using Gtm.Domain.Feedback;

namespace Gtm.Functions.Feedback;

/// <summary>A venture's feedback: overall, per launched campaign, per variant answered about, and the latest comments.</summary>
public sealed record VentureFeedback(string VentureId, NpsSummary Summary, IReadOnlyList<CampaignSummary> Campaigns, IReadOnlyList<VariantSummary> Variants, IReadOnlyList<FeedbackComment> Comments);

/// <summary>One campaign's feedback: overall, per variant answered about, and the latest comments.</summary>
public sealed record CampaignFeedback(string VentureId, string CampaignId, string Channel, NpsSummary Summary, IReadOnlyList<VariantSummary> Variants, IReadOnlyList<FeedbackComment> Comments);

public sealed record CampaignSummary(string CampaignId, string Channel, NpsSummary Summary);

/// <summary>A variant of a campaign's content, in the generation it was answered about.</summary>
public sealed record VariantSummary(string CampaignId, string VariantId, int ContentGeneration, string Element, string Text, NpsSummary Summary);

public sealed record FeedbackComment(string Text, int Nps, string CampaignId, string VariantId, DateTimeOffset SubmittedAt);
