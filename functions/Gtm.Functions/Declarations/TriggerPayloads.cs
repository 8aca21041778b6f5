namespace Gtm.Functions.Declarations;

/// <summary>What a timer function learns about its run.</summary>
/// <param name="IsPastDue">True when the run is late: the host was down at the scheduled time, or this is a catch-up.</param>
public sealed record TimerInfo(DateTimeOffset ScheduledTime, DateTimeOffset? Last, DateTimeOffset Next, bool IsPastDue);

/// <summary>A queue message as a queue function receives it, body already decoded.</summary>
public sealed record QueueMessage(string Id, string Body, long DequeueCount, DateTimeOffset? InsertedOn, string QueueName);
