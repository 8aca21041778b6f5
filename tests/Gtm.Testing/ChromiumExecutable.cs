namespace Gtm.Testing;

/// <summary>
/// Debian's Chromium for the browser tests and the console benchmark, driven by Playwright with
/// this executable (Playwright's own browser download is not used). ./gtm installs the package
/// and names the path in GTM_CHROMIUM (infra/chromium/chromium.sh).
/// </summary>
public static class ChromiumExecutable
{
    private static readonly string[] Candidates = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"];

    public static string Path =>
        Environment.GetEnvironmentVariable("GTM_CHROMIUM") is { Length: > 0 } path ? path
        : Candidates.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("Chromium is not installed: run the tests through ./gtm test, which installs it (apt-get install chromium), or set GTM_CHROMIUM to a Chromium executable.");
}
