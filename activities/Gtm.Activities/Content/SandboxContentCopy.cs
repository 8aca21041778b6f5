using Gtm.Activities.Storage;
using Gtm.Channels;
using Gtm.Channels.Sandbox;
using Gtm.Domain.Content;

namespace Gtm.Activities.Content;

/// <summary>The sandboxes read the copy a campaign serves from the product's stored content generations.</summary>
public sealed class SandboxContentCopy(ContentStore contents) : ISandboxCopySource
{
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ExperimentVariant>>?> GenerationAsync(string ventureId, string campaignId, int generation, CancellationToken cancellation) =>
        await contents.GetAsync(ventureId, campaignId, generation, cancellation).ConfigureAwait(false) is { } content
            ? content.Elements.ToDictionary(e => e.Kind, e => (IReadOnlyList<ExperimentVariant>)[.. e.Variants.Select(v => new ExperimentVariant(v.Id, v.Text))], StringComparer.Ordinal)
            : null;
}
