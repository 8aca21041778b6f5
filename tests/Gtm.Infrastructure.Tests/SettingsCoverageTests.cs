using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gtm.Activities.Content;
using Gtm.Channels.Live.Configuration;
using Gtm.Functions.Handoffs.ServiceBus;

namespace Gtm.Infrastructure.Tests;

/// <summary>
/// Every setting the app reads (local.settings.sample.json, the options classes, and the settings
/// its code and trigger attributes name) is set by the templates, or is listed in infra/README.md
/// with why it is not: a setting added to the app without a thought for Azure fails here.
/// </summary>
public sealed partial class SettingsCoverageTests
{
    private static readonly string[] Platforms = [.. ChannelPlatform.All.Select(p => p.Section)];

    [Fact]
    public async Task Every_setting_the_app_reads_is_set_by_the_templates_or_documented()
    {
        HashSet<string> covered = new(AppSettingsTemplate.Settings(new ArmTemplate(await Bicep.CompileMainAsync())).Select(s => s.Key), StringComparer.OrdinalIgnoreCase);
        covered.UnionWith(DocumentedSettings());

        string[] missing = [.. SettingsTheAppReads().Where(s => !covered.Contains(s)).Order(StringComparer.Ordinal)];

        Assert.True(missing.Length == 0, "not set by infra/azure and not in infra/README.md's App settings: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_README_lists_only_settings_the_app_reads()
    {
        HashSet<string> read = SettingsTheAppReads();

        string[] stale = [.. DocumentedSettings().Where(s => !read.Contains(s))];

        Assert.True(stale.Length == 0, "infra/README.md lists settings the app does not read: " + string.Join(", ", stale));
    }

    [Fact]
    public void The_settings_the_app_reads_are_found()
    {
        HashSet<string> read = SettingsTheAppReads();

        // One from each source, so a source that stops yielding is noticed.
        Assert.Contains("FUNCTIONS_WORKER_RUNTIME", read); // local.settings.sample.json
        Assert.Contains("Gtm__Channels__Meta__RateLimit__QueueLimit", read); // options classes
        Assert.Contains("Gtm__ContentModel__Temperature", read);
        Assert.Contains("Gtm__ServiceBus__TryTimeout", read);
        Assert.Contains("Gtm__MonitorSchedule", read); // a trigger's %setting%
        Assert.Contains("Sandbox__Faults", read); // the code's configuration["..."]
        Assert.Contains("Gtm__StoragePrefix", read);
    }

    private static HashSet<string> SettingsTheAppReads()
    {
        var read = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        JsonObject sample = JsonNode.Parse(File.ReadAllText(Repository.PathOf("functions", "Gtm.Functions", "local.settings.sample.json")))!["Values"]!.AsObject();
        read.UnionWith(sample.Select(v => v.Key));

        foreach (ChannelPlatform platform in ChannelPlatform.All)
        {
            Type options = typeof(LiveChannelOptions).Assembly.GetType($"{typeof(LiveChannelOptions).Namespace}.{platform.Section}Options")
                ?? throw new InvalidOperationException($"no options class for {platform.Section}");
            read.UnionWith(OptionSettings($"Gtm:Channels:{platform.Section}", options));
        }

        read.UnionWith(OptionSettings(ContentModelOptions.Section, typeof(ContentModelOptions)));
        read.UnionWith(OptionSettings(ServiceBusOptions.Section, typeof(ServiceBusOptions)));

        foreach (string file in new[] { "functions", "activities", "channels" }.SelectMany(d => Directory.EnumerateFiles(Repository.PathOf(d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            string code = File.ReadAllText(file);
            read.UnionWith(ConfigurationReads().Matches(code).Select(m => Name(m.Groups["name"].Value)));
            read.UnionWith(BindingExpressions().Matches(code).Select(m => Name(m.Groups["name"].Value)));
        }

        return read;
    }

    /// <summary>The settings an options class binds from its section: each settable property, nested classes by their own names.</summary>
    private static IEnumerable<string> OptionSettings(string section, Type options) =>
        options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true).SelectMany(p =>
            p.PropertyType.IsClass && p.PropertyType != typeof(string) && p.PropertyType != typeof(Uri)
                ? OptionSettings($"{section}:{p.Name}", p.PropertyType)
                : [Name($"{section}:{p.Name}")]);

    /// <summary>The first column of infra/README.md's "App settings" table: names, <c>__X</c> continuing the first name's section, <c>{Platform}</c> for each platform.</summary>
    private static IEnumerable<string> DocumentedSettings()
    {
        string readme = File.ReadAllText(Repository.PathOf("infra", "README.md"));
        string section = readme[readme.IndexOf("## App settings", StringComparison.Ordinal)..];
        foreach (string row in section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            string[] names = [.. Regex.Matches(row.Split('|')[1], "`([^`]+)`").Select(m => m.Groups[1].Value)];
            string prefix = names[0][..Math.Max(0, names[0].LastIndexOf("__", StringComparison.Ordinal))];
            foreach (string name in names.Select(n => n.StartsWith("__", StringComparison.Ordinal) ? prefix + n : n))
            {
                foreach (string expanded in name.Contains("{Platform}", StringComparison.Ordinal) ? Platforms.Select(p => name.Replace("{Platform}", p, StringComparison.Ordinal)) : [name])
                {
                    yield return expanded;
                }
            }
        }
    }

    private static string Name(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary><c>configuration["X"]</c>, <c>IConfiguration&gt;()["X"]</c>, <c>GetValue("X", ...)</c>, <c>GetValue&lt;T&gt;("X")</c>.</summary>
    [GeneratedRegex(""""onfiguration(?:>\(\))?\["(?<name>[A-Za-z_][A-Za-z0-9_:]*)"\]|\.GetValue(?:<[^>]+>)?\("(?<name>[A-Za-z_][A-Za-z0-9_:]*)"."""")]
    private static partial Regex ConfigurationReads();

    /// <summary>A trigger attribute's <c>%setting%</c>.</summary>
    [GeneratedRegex("""\("%(?<name>[A-Za-z_][A-Za-z0-9_:]*)%"\)""")]
    private static partial Regex BindingExpressions();
}
