using System.Text.Json.Nodes;

namespace Gtm.Activities.Storage;

/// <summary>One difference between two JSON documents, at a JSON Pointer.</summary>
public sealed record JsonChange(string Pointer, string Kind, string? Before, string? After);

/// <summary>The differences between two configuration versions, leaf by leaf.</summary>
public static class JsonDiff
{
    public static IReadOnlyList<JsonChange> Compare(string before, string after)
    {
        Dictionary<string, string> left = Flatten(JsonNode.Parse(before));
        Dictionary<string, string> right = Flatten(JsonNode.Parse(after));
        return [.. left.Keys.Union(right.Keys).Order(StringComparer.Ordinal)
            .Select(key => (key, left.GetValueOrDefault(key), right.GetValueOrDefault(key)))
            .Where(t => t.Item2 != t.Item3)
            .Select(t => new JsonChange(t.key, t.Item2 is null ? "added" : t.Item3 is null ? "removed" : "changed", t.Item2, t.Item3))];
    }

    private static Dictionary<string, string> Flatten(JsonNode? node)
    {
        var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(JsonNode? current, string pointer)
        {
            switch (current)
            {
                case JsonObject obj:
                    foreach ((string key, JsonNode? child) in obj)
                    {
                        Walk(child, $"{pointer}/{key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}");
                    }

                    break;
                case JsonArray array:
                    for (int i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], $"{pointer}/{i}");
                    }

                    break;
                default:
                    leaves[pointer] = current?.ToJsonString() ?? "null";
                    break;
            }
        }

        Walk(node, "");
        return leaves;
    }
}
