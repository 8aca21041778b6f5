using Gtm.Domain.Contracts;

namespace Gtm.Domain.Tests.Contracts;

/// <summary>Every example under schemas/examples: valid ones pass their contract, invalid ones fail it.</summary>
[Trait("Category", "Unit")]
public sealed class SchemaExampleTests
{
    private static string[] ExampleFiles() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "examples"), "*.json", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(Path.Combine(AppContext.BaseDirectory, "examples"), file))
            .Order(StringComparer.Ordinal)];

    public static TheoryData<string> Examples() => [.. ExampleFiles()];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Each_example_is_judged_as_its_name_says(string example)
    {
        string contractName = Path.GetDirectoryName(example)!;
        Contract contract = Enum.GetValues<Contract>().Single(c => c.FileName() == contractName);
        IReadOnlyList<ContractError> errors = ContractValidator.Validate(contract, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", example)));
        if (Path.GetFileName(example).StartsWith("valid", StringComparison.Ordinal))
        {
            Assert.True(errors.Count == 0, string.Join("; ", errors));
        }
        else
        {
            Assert.NotEmpty(errors);
            Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        }
    }

    [Fact]
    public void Every_contract_has_valid_and_invalid_examples()
    {
        string[] examples = ExampleFiles();
        foreach (Contract contract in Enum.GetValues<Contract>())
        {
            Assert.Contains(examples, e => e.StartsWith(contract.FileName() + Path.DirectorySeparatorChar + "valid", StringComparison.Ordinal));
            Assert.Contains(examples, e => e.StartsWith(contract.FileName() + Path.DirectorySeparatorChar + "invalid", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("""{"venture_id":"x"}""", "/venture_name", "'venture_name' is required")]
    [InlineData("""{"venture_id":42}""", "/venture_id", "Must be a string")]
    [InlineData("""{"messaging_pillars":["a very good pillar"]}""", "/messaging_pillars", "Needs at least 2 items")]
    [InlineData("""{"total_budget":{"amount":10,"currency":"eur","period":"monthly"}}""", "/total_budget/currency", "ISO 4217")]
    [InlineData("""{"segment_type":"b2b_giant"}""", "/segment_type", "Must be one of: b2b_enterprise")]
    [InlineData("""{"nickname":"x"}""", "/nickname", "not a known field")]
    public void Errors_carry_a_json_pointer_and_an_actionable_sentence(string json, string pointer, string message)
    {
        IReadOnlyList<ContractError> errors = ContractValidator.Validate(Contract.MarketStrategy, json);
        Assert.Contains(errors, e => e.Pointer == pointer && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_json_is_one_error_at_the_root_with_its_position()
    {
        ContractError error = Assert.Single(ContractValidator.Validate(Contract.MarketStrategy, """{"venture_id": """));
        Assert.Equal("", error.Pointer);
        Assert.Contains("not valid JSON (line 1", error.Message, StringComparison.Ordinal);
    }
}
