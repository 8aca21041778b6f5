using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Gtm.Activities.Storage;

/// <summary>
/// The product's tables and queues on one storage account. A prefix keeps test runs apart; in
/// production it is empty and the names are the ones the SPEC uses (GtmConfigVersions, ...).
/// </summary>
public sealed class GtmStorage
{
    public const string Stage16Queue = "stage16-output";
    public const string Stage18Queue = "stage18-handoff";

    public const string Stage18Target = "stage18-inbox";

    public GtmStorage(string connectionString, string prefix = "", string stage18Queue = Stage18Queue, string stage18Target = Stage18Target, string stage16Queue = Stage16Queue)
        : this(StorageAccount.FromConnectionString(connectionString), prefix, stage18Queue, stage18Target, stage16Queue)
    {
    }

    public GtmStorage(StorageAccount account, string prefix = "", string stage18Queue = Stage18Queue, string stage18Target = Stage18Target, string stage16Queue = Stage16Queue)
    {
        Account = account;
        Prefix = prefix;
        Ventures = account.Tables.GetTableClient(prefix + "Ventures");
        ConfigVersions = account.Tables.GetTableClient(prefix + "GtmConfigVersions");
        Lineage = account.Tables.GetTableClient(prefix + "Lineage");
        Transformations = account.Tables.GetTableClient(prefix + "DataTransformations");
        Handoffs = account.Tables.GetTableClient(prefix + "Handoffs");
        Audit = account.Tables.GetTableClient(prefix + "AuditLog");
        Thresholds = account.Tables.GetTableClient(prefix + "MetricThresholds");
        Monitoring = account.Tables.GetTableClient(prefix + "Monitoring");
        Evaluations = account.Tables.GetTableClient(prefix + "MetricSnapshots");
        Interventions = account.Tables.GetTableClient(prefix + "Interventions");
        Contents = account.Tables.GetTableClient(prefix + "CampaignContents");
        Reviews = account.Tables.GetTableClient(prefix + "Reviews");
        Feedback = account.Tables.GetTableClient(prefix + "Feedback");
        AbTests = account.Tables.GetTableClient(prefix + "AbTests");
        Learning = account.Tables.GetTableClient(prefix + "LearningIndex");
        Stage16 = Queue(stage16Queue);
        Stage18 = Queue(stage18Queue);
        Stage18Inbox = Queue(stage18Target);
    }

    public StorageAccount Account { get; }

    public string Prefix { get; }

    public TableClient Ventures { get; }

    public TableClient ConfigVersions { get; }

    public TableClient Lineage { get; }

    public TableClient Transformations { get; }

    public TableClient Handoffs { get; }

    public TableClient Audit { get; }

    /// <summary>Per segment type defaults and each venture's thresholds (SPEC C5).</summary>
    public TableClient Thresholds { get; }

    /// <summary>One row per monitored venture: when it is next due and what it runs.</summary>
    public TableClient Monitoring { get; }

    /// <summary>One row per evaluation: the channels' totals, the metrics and the decisions.</summary>
    public TableClient Evaluations { get; }

    /// <summary>Recursions, budget changes, rollouts, rollbacks and escalations, per venture.</summary>
    public TableClient Interventions { get; }

    /// <summary>Each campaign's content per generation.</summary>
    public TableClient Contents { get; }

    /// <summary>Customer validation rounds and their votes, per venture.</summary>
    public TableClient Reviews { get; }

    /// <summary>Survey answers (SPEC C9), one per respondent and campaign, per venture.</summary>
    public TableClient Feedback { get; }

    /// <summary>A/B tests (SPEC C8) with their verdicts, per venture.</summary>
    public TableClient AbTests { get; }

    /// <summary>
    /// What the content generator learns from, across ventures, partitioned by segment type and
    /// channel (see <see cref="LearningIndex"/>): A/B winners and survey answers, so a venture's
    /// ranking reads one partition instead of scanning the tables of every venture.
    /// </summary>
    public TableClient Learning { get; }

    /// <summary>The Stage 16 intake queue, which the intake's queue function reads.</summary>
    public QueueClient Stage16 { get; }

    public QueueClient Stage18 { get; }

    /// <summary>Any queue of the account, base64-encoded as Azure Functions' queue triggers read them by default.</summary>
    public QueueClient Queue(string name) => Account.Queues.GetQueueClient(name);

    /// <summary>Where the Stage 18 handoff consumer forwards each handoff: Stage 18's own intake.</summary>
    public QueueClient Stage18Inbox { get; }

    public async Task InitializeAsync(CancellationToken cancellation)
    {
        foreach (TableClient table in new[] { Ventures, ConfigVersions, Lineage, Transformations, Handoffs, Audit, Thresholds, Monitoring, Evaluations, Interventions, Contents, Reviews, Feedback, AbTests, Learning })
        {
            await table.CreateIfNotExistsAsync(cancellation).ConfigureAwait(false);
        }

        await Stage16.CreateIfNotExistsAsync(cancellationToken: cancellation).ConfigureAwait(false);
        await Stage18.CreateIfNotExistsAsync(cancellationToken: cancellation).ConfigureAwait(false);
        await Stage18Inbox.CreateIfNotExistsAsync(cancellationToken: cancellation).ConfigureAwait(false);
        await TransformationCatalog.SeedAsync(Transformations, cancellation).ConfigureAwait(false);
        await ThresholdStore.SeedDefaultsAsync(Thresholds, cancellation).ConfigureAwait(false);
    }
}
