using Azure.Data.Tables;

namespace Gtm.Activities.Storage;

/// <summary>
/// The keys of the <c>LearningIndex</c> table. A partition holds one segment type on one channel,
/// which is what the content generator's ranking asks for; rows of A/B winners and of survey
/// answers sit side by side under their own row-key prefix, each keyed by where it came from, so
/// writing one again (a retried activity) changes nothing.
/// </summary>
internal static class LearningIndex
{
    public const string Winner = "win";
    public const string Answer = "answer";

    public static string Partition(string segmentType, string channel) => $"{segmentType}|{channel}";

    public static string Row(string kind, params string[] source) => $"{kind}|{string.Join('|', source)}";

    /// <summary>The rows of one kind in one partition: a range of row keys, served from that partition alone.</summary>
    public static string Filter(string segmentType, string channel, string kind) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {Partition(segmentType, channel)} and RowKey gt {kind + "|"} and RowKey lt {kind + "}"}");
}
