using Gtm.Domain.Review;

namespace Gtm.Domain.Tests.Review;

public sealed class ReviewTallyTests
{
    private static readonly string[] Board = ["a", "b", "c"];

    private static ReviewVote Vote(string reviewer, ReviewDecision decision) => new(1, reviewer, decision, [], DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_board_is_approved_at_its_quorum_and_not_before()
    {
        var tally = new ReviewTally(Board, 2, []);
        Assert.Null(tally.Add(Vote("a", ReviewDecision.Approve)));
        Assert.Null(tally.Add(Vote("b", ReviewDecision.Reject)));
        Assert.Equal(ReviewStatus.Pending, tally.Status);
        Assert.Null(tally.Add(Vote("c", ReviewDecision.Approve)));
        Assert.Equal(ReviewStatus.Approved, tally.Status);
    }

    [Fact]
    public void A_board_is_rejected_as_soon_as_the_quorum_is_out_of_reach()
    {
        var tally = new ReviewTally(Board, 2, []);
        tally.Add(Vote("a", ReviewDecision.Reject));
        Assert.Equal(ReviewStatus.Pending, tally.Status);
        tally.Add(Vote("b", ReviewDecision.Reject));
        Assert.Equal(ReviewStatus.Rejected, tally.Status);
        Assert.Equal("the round is already decided", tally.Add(Vote("c", ReviewDecision.Approve)));
    }

    [Fact]
    public void Outsiders_second_votes_and_authors_approving_are_refused_but_an_author_may_reject()
    {
        var tally = new ReviewTally(Board, 1, ["c"]);
        Assert.Contains("not one of", tally.Refusal("z", ReviewDecision.Approve), StringComparison.Ordinal);
        Assert.Contains("authored", tally.Refusal("C", ReviewDecision.Approve), StringComparison.Ordinal);
        Assert.Null(tally.Refusal("c", ReviewDecision.Reject));
        tally.Add(Vote("a", ReviewDecision.Reject));
        Assert.Contains("already reviewed", tally.Refusal("A", ReviewDecision.Reject), StringComparison.Ordinal);
    }

    [Fact]
    public void Authors_on_the_board_count_as_unable_to_approve()
    {
        Assert.Equal(ReviewStatus.Rejected, new ReviewTally(["a", "b"], 2, ["a"]).Status);
        Assert.Equal(ReviewStatus.Pending, new ReviewTally(["a", "b", "c"], 2, ["a"]).Status);
    }
}
