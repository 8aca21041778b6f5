using Gtm.Domain.Contracts;
using Gtm.Domain.Feedback;

namespace Gtm.Domain.Tests.Feedback;

/// <summary>A survey answer's body: JSON types first, then the rules, every error with its pointer.</summary>
[Trait("Category", "Unit")]
public sealed class SurveyResponseReaderTests
{
    private static string Body(string nps = "9", string? comment = "\"  Clear and useful.  \"", string respondent = "\"r-1\"", string extra = "") =>
        $$"""{"venture_id":"acme","campaign_id":"acme-cfos-linkedin","variant_id":"headline-b","respondent_id":{{respondent}},"nps":{{nps}}{{(comment is null ? "" : ",\"comment\":" + comment)}}{{extra}}}""";

    private static ContractError OnlyError(string body) => Assert.Single(SurveyResponseReader.Read(body).Errors);

    [Fact]
    public void A_valid_answer_is_read_with_its_comment_trimmed()
    {
        SurveyResponseReader.Result result = SurveyResponseReader.Read(Body());
        Assert.True(result.IsValid);
        Assert.Equal(new SurveyResponse("acme", "acme-cfos-linkedin", "headline-b", "r-1", 9, "Clear and useful."), result.Response);
    }

    [Fact]
    public void The_comment_is_optional_and_a_blank_one_is_none()
    {
        Assert.Null(SurveyResponseReader.Read(Body(comment: null)).Response!.Comment);
        Assert.Null(SurveyResponseReader.Read(Body(comment: "null")).Response!.Comment);
        Assert.Null(SurveyResponseReader.Read(Body(comment: "\" \\n \"")).Response!.Comment);
    }

    [Theory]
    [InlineData("11", "not 11")]
    [InlineData("-1", "not -1")]
    [InlineData("7.5", "not 7.5")]
    [InlineData("\"9\"", "not a string")]
    [InlineData("null", "is required")]
    [InlineData("true", "not true")]
    [InlineData("1e30", "not 1e30")]
    public void Nps_must_be_an_integer_from_0_to_10(string nps, string message)
    {
        ContractError error = OnlyError(Body(nps: nps));
        Assert.Equal("/nps", error.Pointer);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("10", 10)]
    [InlineData("10.0", 10)]
    public void Whole_numbers_from_0_to_10_are_accepted(string nps, int score) =>
        Assert.Equal(score, SurveyResponseReader.Read(Body(nps: nps)).Response!.Nps);

    [Fact]
    public void A_missing_nps_is_named()
    {
        string body = """{"venture_id":"acme","campaign_id":"c","variant_id":"v","respondent_id":"r"}""";
        Assert.Equal("/nps", OnlyError(body).Pointer);
    }

    [Fact]
    public void Every_id_is_required()
    {
        IReadOnlyList<ContractError> errors = SurveyResponseReader.Read("""{"nps":5}""").Errors;
        Assert.Equal(["/venture_id", "/campaign_id", "/variant_id", "/respondent_id"], errors.Select(e => e.Pointer));
        Assert.Equal("/respondent_id", OnlyError(Body(respondent: "\"  \"")).Pointer);
        Assert.Equal("/respondent_id", OnlyError(Body(respondent: "42")).Pointer);
    }

    [Fact]
    public void Ids_are_at_most_200_characters_without_control_characters()
    {
        Assert.True(SurveyResponseReader.Read(Body(respondent: $"\"{new string('r', 200)}\"")).IsValid);
        ContractError tooLong = OnlyError(Body(respondent: $"\"{new string('r', 201)}\""));
        Assert.Equal(("/respondent_id", true), (tooLong.Pointer, tooLong.Message.Contains("200", StringComparison.Ordinal)));
        Assert.Equal("/respondent_id", OnlyError(Body(respondent: "\"r\\u0000\"")).Pointer);
    }

    [Fact]
    public void The_comment_is_at_most_1000_characters_after_trimming()
    {
        Assert.True(SurveyResponseReader.Read(Body(comment: $"\"   {new string('x', 1000)}\\n\"")).IsValid);
        Assert.Equal("/comment", OnlyError(Body(comment: $"\"{new string('x', 1001)}\"")).Pointer);
    }

    [Fact]
    public void The_comment_may_hold_newlines_and_tabs_but_no_other_control_characters()
    {
        Assert.Equal("one\n\ttwo\nthree", SurveyResponseReader.Read(Body(comment: "\"one\\n\\ttwo\\r\\nthree\"")).Response!.Comment);
        Assert.Equal("/comment", OnlyError(Body(comment: "\"bell\\u0007\"")).Pointer);
        Assert.Equal("/comment", OnlyError(Body(comment: "\"carriage\\rreturn\"")).Pointer);
        Assert.Equal("/comment", OnlyError(Body(comment: "{}")).Pointer);
    }

    [Fact]
    public void Malformed_json_is_one_error_at_the_root()
    {
        ContractError error = OnlyError("""{"venture_id":"acme",""");
        Assert.Equal("", error.Pointer);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Equal("", OnlyError("[1, 2]").Pointer);
    }

    [Fact]
    public void Unknown_fields_are_named()
    {
        Assert.Equal("/ventureId", OnlyError(Body(extra: ",\"ventureId\":\"acme\"")).Pointer);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        SurveyResponseReader.Result result = SurveyResponseReader.Read(Body(nps: "7.5", respondent: "\"\"", comment: $"\"{new string('x', 1001)}\""));
        Assert.Null(result.Response);
        Assert.Equal(["/comment", "/nps", "/respondent_id"], result.Errors.Select(e => e.Pointer).Order(StringComparer.Ordinal));
    }
}
