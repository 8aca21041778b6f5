using Gtm.Domain.Content;
using Gtm.Domain.Review;

namespace Gtm.Activities.Review;

/// <summary>A round put before the reviewers: its content, board, authors and deadline.</summary>
public sealed record OpenRoundInput(string VentureId, int Round, string Instance, CustomerValidation Validation, IReadOnlyList<string> Authors, DateTimeOffset OpenedAt, DateTimeOffset Deadline, IReadOnlyList<CampaignContent> Contents);

/// <summary>How a round ended (approved, rejected, approved_on_timeout, timed_out, escalated, ...) and why.</summary>
public sealed record CloseRoundInput(string VentureId, int Round, string Status, string Outcome);

/// <summary>The LEAD operator's decision on an escalated round.</summary>
public sealed record LeadDecision(string DecidedBy, ReviewDecision Decision, string Reason);
