namespace Gtm.ServiceBus.TestBroker.Entities;

/// <summary>A receiving link that can be told when its entity has messages to give.</summary>
internal interface ILockOwner
{
    /// <summary>True once the link has closed: it takes no more messages.</summary>
    bool IsClosed { get; }

    void OnMessagesAvailable();
}
