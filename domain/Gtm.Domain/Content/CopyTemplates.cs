using System.Globalization;
using Gtm.Domain.Ventures;

namespace Gtm.Domain.Content;

/// <summary>Candidate copy per element, best first, composed from the venture's own words.</summary>
internal static class CopyTemplates
{
    public static IEnumerable<string> Candidates(string element, ContentRequest request)
    {
        MarketStrategy strategy = request.Strategy;
        Persona persona = request.Segment.Persona;
        string name = strategy.VentureName;
        string role = persona.Role;
        IReadOnlyList<string> pillars = strategy.MessagingPillars;
        string Pillar(int i) => pillars[i % pillars.Count];
        string Pain(int i) => persona.Pains[i % persona.Pains.Count].TrimEnd('.');
        string Gain(int i) => persona.Gains[i % persona.Gains.Count].TrimEnd('.');
        bool business = request.Segment.Type.StartsWith("b2b", StringComparison.Ordinal);

        return element switch
        {
            "subject_line" => [$"{Pain(0)}? {Pillar(0)}", $"{Gain(0)}, with {name}", $"{Plural(role)}: {Lower(Pillar(1))}", $"{Pillar(0)}: {Lower(Gain(0))}", $"{Pillar(2)} for {Lower(Plural(role))}", Pillar(1), Gain(1)],
            "preheader" => [strategy.ValueProposition, $"{Gain(0)}. {Pillar(0)}.", $"Built for {Lower(Plural(role))} who want this: {Lower(Gain(1))}.", $"{Pillar(1)}. {Pillar(2)}.", $"{name}: {Lower(Pillar(0))}."],
            "body" => [Body(request, 0), Body(request, 1), Body(request, 2), Body(request, 3), Body(request, 4)],
            "headline" => [Pillar(0), $"{name}: {Lower(Pillar(1))}", Gain(0), $"{Pillar(2)} for {Lower(Plural(role))}", Pillar(1), Gain(1), name],
            "description" => [strategy.ValueProposition, $"{Pain(0)}? {Gain(0)} with {name}.", $"{Pillar(0)}. {Pillar(1)}. {Gain(0)}.", $"{name} for {Lower(Plural(role))}: {Lower(Pillar(0))}, {Lower(Pillar(1))}.", $"{Gain(1)}. {Pillar(2)}."],
            "intro_text" => [$"{Pain(0)}? {name} gives {Lower(Plural(role))} this: {Lower(Pillar(0))}. {Gain(0)}.", $"{Plural(role)}: {Lower(Gain(0))}. {strategy.ValueProposition}", $"{Pillar(1)}. {Pillar(0)}. See how {name} works.", $"{Gain(1)}, without the old trade-offs. {Pillar(2)}.", $"What if you could {Lower(Gain(0))}? {name} makes it routine."],
            "primary_text" => [$"{Pain(0)}? {Gain(0)} with {name}. {Pillar(0)}.", $"{Pillar(1)}. {Gain(1)}.", $"{strategy.ValueProposition}", $"Made for {Lower(Plural(role))}: {Lower(Pillar(0))}.", $"{Gain(0)}. {Pillar(2)}. {name}."],
            "call_to_action" => business
                ? ["Book a demo", "See it live", "Get the guide", "Talk to us", "Start a trial"]
                : ["Shop now", "Try it free", "Get the app", "Learn more", "Sign up"],
            _ => throw new ArgumentOutOfRangeException(nameof(element), element, "unknown content element"),
        };
    }

    private static string Body(ContentRequest request, int variant)
    {
        MarketStrategy strategy = request.Strategy;
        Persona persona = request.Segment.Persona;
        string pain = persona.Pains[variant % persona.Pains.Count].TrimEnd('.');
        string gain = persona.Gains[variant % persona.Gains.Count].TrimEnd('.');
        IEnumerable<string> pillars = strategy.MessagingPillars.Skip(variant % strategy.MessagingPillars.Count).Concat(strategy.MessagingPillars).Take(strategy.MessagingPillars.Count);
        return $"Hi {{{{first_name}}}},\n\n{pain}? {strategy.ValueProposition}\n\n{string.Join('\n', pillars.Select(p => "- " + p))}\n\n{gain}: that is what {strategy.VentureName} is for.";
    }

    internal static string Lower(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLower(text[0], CultureInfo.InvariantCulture) + text[1..] : text;

    internal static string Plural(string role) => role.EndsWith('s') ? role : role + "s";
}
