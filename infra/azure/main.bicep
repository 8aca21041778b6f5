// GTM Functions in one resource group: the Function App (.NET 10 isolated) with a user-assigned
// identity, its storage account reached by that identity only, Service Bus for the Stage 16 and
// Stage 18 handoffs, Application Insights on Log Analytics, and a Key Vault for the channel tokens.
// Deploy: see infra/README.md.
targetScope = 'resourceGroup'

@description('Short environment name, part of every resource name: dev, prod.')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Azure region; the resource group\'s by default.')
param location string = resourceGroup().location

@description('FlexConsumption (default, FC1) or ElasticPremium (EP1-EP3).')
@allowed([ 'FlexConsumption', 'ElasticPremium' ])
param hostingPlan string = 'FlexConsumption'

@description('Elastic Premium size when hostingPlan is ElasticPremium.')
@allowed([ 'EP1', 'EP2', 'EP3' ])
param premiumSku string = 'EP1'

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Elastic Premium only: the package blob in the deployment container that the app runs from (infra/README.md, deploying on Elastic Premium).')
param premiumPackageBlob string = 'gtm-functions.zip'

@description('Durable Functions task hub; host.json names it GtmHub. Changing it leaves running orchestrations behind in the old hub.')
param taskHubName string = 'GtmHub'

@description('Stage 18 handoffs over StorageQueues (default) or ServiceBus.')
@allowed([ 'StorageQueues', 'ServiceBus' ])
param stage18Transport string = 'StorageQueues'

@description('Stage 18\'s Service Bus entity: a queue, or a topic that Stage 18 subscribes to.')
@allowed([ 'queue', 'topic' ])
param stage18EntityKind string = 'queue'

@description('Read Stage 16\'s output from its Service Bus queue as well as from the storage queue.')
param serviceBusIntake bool = true

@description('Service Bus tier; Standard or Premium (topics and duplicate detection need at least Standard).')
@allowed([ 'Standard', 'Premium' ])
param serviceBusSku string = 'Standard'

@description('Cron schedule (seconds first) of the monitoring sweep.')
param monitorSchedule string = '0 */5 * * * *'

@description('Per platform: sandbox or live, and the platform\'s non-secret ids. Live tokens are Key Vault secrets (infra/README.md).')
param channels channelSettings = {}

@description('The content model (an OpenAI-compatible endpoint); empty for the built-in template writer. Its key is the Key Vault secret content-model-api-key.')
param contentModel contentModelSettings = {}

@description('Days Log Analytics keeps the app\'s logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

param tags object = {}

import { channelSettings, contentModelSettings } from 'types.bicep'

var suffix = uniqueString(subscription().id, resourceGroup().id, environmentName)
var names = {
  identity: 'id-gtm-${environmentName}'
  storage: take('stgtm${environmentName}${suffix}', 24)
  plan: 'plan-gtm-${environmentName}'
  app: 'func-gtm-${environmentName}-${take(suffix, 6)}'
  logs: 'log-gtm-${environmentName}'
  insights: 'appi-gtm-${environmentName}'
  serviceBus: 'sb-gtm-${environmentName}-${take(suffix, 6)}'
  keyVault: take('kv-gtm-${environmentName}-${suffix}', 24)
  deploymentContainer: 'app-package'
}
var allTags = union(tags, { application: 'gtm-functions', environment: environmentName })

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: names.identity
  location: location
  tags: allTags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: allTags
    workspaceName: names.logs
    insightsName: names.insights
    retentionDays: logRetentionDays
    identityId: identity.id
    principalId: identity.properties.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: allTags
    accountName: names.storage
    deploymentContainerName: names.deploymentContainer
    identityId: identity.id
    principalId: identity.properties.principalId
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'serviceBus'
  params: {
    location: location
    tags: allTags
    namespaceName: names.serviceBus
    sku: serviceBusSku
    stage18EntityKind: stage18EntityKind
    identityId: identity.id
    principalId: identity.properties.principalId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyVault'
  params: {
    location: location
    tags: allTags
    vaultName: names.keyVault
    identityId: identity.id
    principalId: identity.properties.principalId
  }
}

module app 'modules/functionapp.bicep' = {
  name: 'functionApp'
  params: {
    location: location
    tags: allTags
    planName: names.plan
    appName: names.app
    hostingPlan: hostingPlan
    premiumSku: premiumSku
    maximumInstanceCount: maximumInstanceCount
    identityId: identity.id
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: names.deploymentContainer
    premiumPackageBlob: premiumPackageBlob
    settings: appSettings.outputs.values
  }
}

module appSettings 'modules/appsettings.bicep' = {
  name: 'appSettings'
  params: {
    storageAccountName: storage.outputs.accountName
    identityClientId: identity.properties.clientId
    insightsConnectionString: monitoring.outputs.connectionString
    serviceBusHost: serviceBus.outputs.host
    stage16Queue: serviceBus.outputs.stage16Queue
    stage18Entity: serviceBus.outputs.stage18Entity
    stage18Transport: stage18Transport
    serviceBusIntake: serviceBusIntake
    keyVaultName: keyVault.outputs.name
    taskHubName: taskHubName
    monitorSchedule: monitorSchedule
    channels: channels
    contentModel: contentModel
  }
}

@description('The app\'s base URL; the API is under /api, the operator console at /.')
output appUrl string = app.outputs.url

output appName string = app.outputs.name

output storageAccountName string = storage.outputs.accountName

output deploymentContainer string = names.deploymentContainer

output keyVaultName string = keyVault.outputs.name

output serviceBusNamespace string = serviceBus.outputs.host
