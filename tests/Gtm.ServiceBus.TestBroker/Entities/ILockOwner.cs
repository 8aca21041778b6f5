namespace Gtm.ServiceBus.TestBroker.Entities;

/// <summary>A receiving link that can be told when its entity has messages to give.</summary>
internal interface ILockOwner
{
    void OnMessagesAvailable();
}
