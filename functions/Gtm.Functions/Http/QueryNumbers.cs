using Microsoft.AspNetCore.Http;

namespace Gtm.Functions.Http;

/// <summary>Whole numbers in a query string, in a range, with the sentence that says what is wrong.</summary>
public static class QueryNumbers
{
    /// <summary>
    /// The query's <paramref name="name"/> in <paramref name="value"/> (<paramref name="fallback"/>
    /// when absent); answers why it is refused when it is not a whole number from 1 to <paramref name="max"/>, else null.
    /// </summary>
    public static string? WholeNumber(HttpRequest request, string name, int fallback, int max, out int value)
    {
        value = fallback;
        return request.Query[name].FirstOrDefault() is not { } asked || (int.TryParse(asked, out value) && value >= 1 && value <= max)
            ? null
            : $"'{name}' must be a whole number from 1 to {max}, not '{asked}'.";
    }
}
