namespace Gtm.Domain.Feedback;

/// <summary>
/// What respondents thought of one text of one content element (a headline, a call to action, ...)
/// across every campaign that served it to a segment type on a channel: the input C3's ranking uses
/// to put well-rated content first.
/// </summary>
public sealed record ContentRating(string Element, string Text, NpsSummary Summary)
{
    public int Responses => Summary.Responses;
}
