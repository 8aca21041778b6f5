using System.Net.Http.Headers;
using System.Text;

namespace Gtm.Functions.Tests.Support;

/// <summary>Request bodies that are not valid UTF-8.</summary>
public static class NotUtf8
{
    /// <summary>JSON text sent as UTF-8, but with <paramref name="marker"/> replaced by the bytes 0xFF 0xFE (never valid in UTF-8).</summary>
    public static ByteArrayContent Json(string text, string marker)
    {
        int at = text.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at > 0, $"'{marker}' is not in the text");
        var content = new ByteArrayContent([.. Encoding.UTF8.GetBytes(text[..at]), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes(text[(at + marker.Length)..])]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
