using System.Runtime.CompilerServices;

namespace Gtm.Durable;

/// <summary>One page of results and the token that fetches the next one (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Values, string? ContinuationToken);

/// <summary>Results fetched a page at a time: enumerate the items, or the pages with their tokens.</summary>
public sealed class AsyncPageable<T>(Func<string?, int?, CancellationToken, Task<Page<T>>> fetchPage) : IAsyncEnumerable<T>
    where T : notnull
{
    public async IAsyncEnumerable<Page<T>> AsPages(
        string? continuationToken = null,
        int? pageSizeHint = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        do
        {
            Page<T> page = await fetchPage(continuationToken, pageSizeHint, cancellationToken).ConfigureAwait(false);
            yield return page;
            continuationToken = page.ContinuationToken;
        }
        while (continuationToken is not null);
    }

    public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        await foreach (Page<T> page in AsPages(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            foreach (T value in page.Values)
            {
                yield return value;
            }
        }
    }
}
