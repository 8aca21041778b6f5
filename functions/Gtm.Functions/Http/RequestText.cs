using System.Text;
using Microsoft.AspNetCore.Http;

namespace Gtm.Functions.Http;

/// <summary>
/// A request's body as text, decoded as strict UTF-8: bytes that are not UTF-8 are refused
/// (<see cref="DecoderFallbackException"/>), never turned into replacement characters.
/// </summary>
public static class RequestText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <returns>The text, or null when it is longer than <paramref name="maxCharacters"/>.</returns>
    public static async Task<string?> ReadAsync(HttpRequest request, int maxCharacters, CancellationToken cancellation)
    {
        if (request.ContentLength > maxCharacters * 4L)
        {
            return null;
        }

        using var reader = new StreamReader(request.Body, StrictUtf8, detectEncodingFromByteOrderMarks: false);
        char[] buffer = new char[maxCharacters + 1];
        int length = 0, read;
        while (length < buffer.Length && (read = await reader.ReadBlockAsync(buffer.AsMemory(length), cancellation).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        return length > maxCharacters ? null : new string(buffer, 0, length);
    }

    public static IResult NotUtf8(DecoderFallbackException error) =>
        Problems.Result(StatusCodes.Status400BadRequest, "The body is not UTF-8", $"Send the body as UTF-8 JSON; {error.Message}");
}
