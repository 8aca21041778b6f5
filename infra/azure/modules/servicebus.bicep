// Service Bus for the handoffs (SPEC C10): Stage 16's output queue, which the app reads in
// peek-lock, and Stage 18's queue or topic, which the app sends to. Duplicate detection is on for
// both, so a handoff sent twice (message id = handoff id) arrives once. Shared access keys are off:
// the app connects with its identity.

import { roles } from 'roles.bicep'

param location string
param tags object
param namespaceName string
param sku string
param stage18EntityKind string
@description('The app identity\'s resource id, which names its role assignments.')
param identityId string
@description('The app identity\'s principal, which gets the roles.')
param principalId string

var stage16QueueName = 'stage16-output'
var stage18EntityName = 'stage18-handoff'
var duplicateWindow = 'PT1H'

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: { name: sku, tier: sku }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }

  resource stage16 'queues' = {
    name: stage16QueueName
    properties: {
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: duplicateWindow
      lockDuration: 'PT1M'
      maxDeliveryCount: 10
      deadLetteringOnMessageExpiration: true
      defaultMessageTimeToLive: 'P14D'
    }
  }
}

resource stage18Queue 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' = if (stage18EntityKind == 'queue') {
  parent: namespace
  name: stage18EntityName
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateWindow
    maxDeliveryCount: 10
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: 'P14D'
  }
}

resource stage18Topic 'Microsoft.ServiceBus/namespaces/topics@2026-01-01' = if (stage18EntityKind == 'topic') {
  parent: namespace
  name: stage18EntityName
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateWindow
    defaultMessageTimeToLive: 'P14D'
  }

  // Stage 18's own subscription, so no handoff is dropped before Stage 18 adds its filters.
  resource stage18 'subscriptions' = {
    name: 'stage18'
    properties: {
      maxDeliveryCount: 10
      deadLetteringOnMessageExpiration: true
    }
  }
}

// The intake reads, dead-letters and replays (a replay sends the message back to the queue).
resource intakeReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(namespace::stage16.id, identityId, roles.serviceBusDataReceiver)
  scope: namespace::stage16
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver)
  }
}

resource intakeSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(namespace::stage16.id, identityId, roles.serviceBusDataSender)
  scope: namespace::stage16
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
  }
}

resource handoffQueueSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (stage18EntityKind == 'queue') {
  name: guid(namespace.id, stage18EntityName, 'queue', identityId, roles.serviceBusDataSender)
  scope: stage18Queue
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
  }
}

resource handoffTopicSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (stage18EntityKind == 'topic') {
  name: guid(namespace.id, stage18EntityName, 'topic', identityId, roles.serviceBusDataSender)
  scope: stage18Topic
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
  }
}

// The namespace's host name, from its endpoint (https://{name}.servicebus.windows.net:443/).
output host string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]
output stage16Queue string = stage16QueueName
output stage18Entity string = stage18EntityName
