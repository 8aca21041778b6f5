namespace Gtm.Domain.Budgeting;

/// <summary>What the allocator maximises: conversions, or their value, per unit of spend.</summary>
public enum AllocationObjective
{
    Conversions,
    Value,
}
