using System.Text;
using System.Text.Json.Nodes;

namespace Gtm.Channels.Live.Meta;

/// <summary>
/// A variant's creative: the control ad's <c>object_story_spec</c> with the element under test
/// replaced in its <c>link_data</c> (primary text is <c>message</c>, the headline <c>name</c>, the
/// call to action the <c>type</c> of <c>call_to_action</c>). Meta shows a call to action as one of
/// its own buttons, so a variant of it must name one (<c>Shop now</c> is SHOP_NOW); free text is refused.
/// </summary>
internal static class MetaVariantCreative
{
    private static readonly Dictionary<string, string> LinkDataFields = new(StringComparer.Ordinal)
    {
        ["primary_text"] = "message",
        ["headline"] = "name",
        ["call_to_action"] = "call_to_action",
    };

    /// <summary>Meta's call-to-action types for a link to a website, each shown as its words ("Learn more").</summary>
    private static readonly HashSet<string> CallToActionTypes = new(StringComparer.Ordinal)
    {
        "LEARN_MORE", "SHOP_NOW", "SIGN_UP", "SUBSCRIBE", "DOWNLOAD", "GET_OFFER", "GET_QUOTE", "CONTACT_US",
        "APPLY_NOW", "BOOK_NOW", "ORDER_NOW", "BUY_NOW", "DONATE_NOW", "WATCH_MORE",
    };

    /// <summary>Refuses a test of an element a Meta ad does not vary, or a call to action that names no button of Meta's.</summary>
    public static void Validate(string channel, ExperimentSpec spec)
    {
        if (!LinkDataFields.ContainsKey(spec.Element))
        {
            throw new ChannelRefusedException(channel, $"a test of '{spec.Element}' is refused: a Meta ad's text elements are {string.Join(", ", LinkDataFields.Keys)}");
        }

        if (spec.Element == "call_to_action" && spec.Variants.Skip(1).FirstOrDefault(v => CallToActionType(v.Text) is null) is { } free)
        {
            string buttons = string.Join(", ", CallToActionTypes.Order(StringComparer.Ordinal));
            throw new ChannelRefusedException(channel, $"call to action variant '{free.Id}' reads '{free.Text}', which names none of Meta's call-to-action buttons ({buttons}, in words: 'Shop now'); Meta shows only its own");
        }
    }

    /// <summary>The control ad's creative as a link ad (<c>object_story_spec.link_data</c>); refused for one a text cannot be replaced in.</summary>
    public static JsonObject StorySpec(string channel, JsonNode ad)
    {
        JsonNode? creative = ad["creative"];
        return creative?["object_story_spec"] is JsonObject spec && spec["link_data"] is JsonObject
            ? spec
            : throw new ChannelRefusedException(channel, $"ad {ad["id"]}'s creative {creative?["id"]} is not a link ad made from an object_story_spec with link_data "
                + "(it is an existing post, a video or a dynamic creative), so a variant's text cannot be put in its place");
    }

    /// <summary>A copy of <paramref name="spec"/> with <paramref name="element"/> reading <paramref name="text"/>.</summary>
    public static JsonObject WithText(JsonObject spec, string element, string text)
    {
        var copy = (JsonObject)spec.DeepClone();
        var link = (JsonObject)copy["link_data"]!;
        string field = LinkDataFields[element];
        if (field == "call_to_action")
        {
            // The button keeps where it leads (its value); only what it says changes.
            JsonObject button = link[field] as JsonObject ?? [];
            button["type"] = CallToActionType(text);
            link[field] = button;
        }
        else
        {
            link[field] = text;
        }

        return copy;
    }

    /// <summary>The call-to-action type a text names ("Shop now" is SHOP_NOW); null when it names none.</summary>
    private static string? CallToActionType(string text)
    {
        var type = new StringBuilder();
        foreach (char c in text.Trim().ToUpperInvariant())
        {
            type.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        string name = string.Join('_', type.ToString().Split('_', StringSplitOptions.RemoveEmptyEntries));
        return CallToActionTypes.Contains(name) ? name : null;
    }
}
