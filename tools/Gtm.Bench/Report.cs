using System.Globalization;

namespace Gtm.Bench;

/// <summary>Prints results as name=value lines, the format every benchmark shares.</summary>
internal static class Report
{
    public static void Line(string name, double value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}={value:0.###}"));

    public static void Line(string name, long value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}={value}"));

    public static void Note(string text) => Console.Error.WriteLine(text);
}
