namespace Gtm.Channels;

/// <summary>One variant of the element under test.</summary>
public sealed record ExperimentVariant(string Id, string Text);

/// <summary>
/// An A/B test of one content element: its variants (the first is the control), and the pilot
/// share of the audience that is split among them by hashing each recipient's key with the test
/// id; everyone else keeps seeing the control.
/// </summary>
public sealed record ExperimentSpec(string TestId, string Element, IReadOnlyList<ExperimentVariant> Variants, double PilotShare);

/// <summary>How many recipients saw a variant, and how many of them clicked through.</summary>
/// <param name="Share">
/// The part of the audience the platform sends the arm, where the arms are not an even split of
/// the pilot (a platform that splits the whole audience gives the control everyone outside the
/// variants' part); null for an even split. The sample-ratio check compares exposures with it.
/// </param>
public sealed record ExperimentArm(string VariantId, long Exposures, long Conversions, double? Share = null);

public sealed record ExperimentMetrics(string TestId, string Element, IReadOnlyList<ExperimentArm> Arms, bool Running, DateTimeOffset AsOf);
