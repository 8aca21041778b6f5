// Every app setting the Function App reads, in one place (infra/README.md lists the ones left at
// their defaults). Storage and Service Bus are reached by the app's user-assigned identity: no
// account key or connection string appears here. Secrets are Key Vault references.

import { channelSettings, contentModelSettings } from '../types.bicep'

param storageAccountName string
param identityClientId string
param insightsConnectionString string
param serviceBusHost string
param stage16Queue string
param stage18Entity string
param stage18Transport string
param serviceBusIntake bool
param keyVaultName string
param taskHubName string
param monitorSchedule string
param channels channelSettings
param contentModel contentModelSettings

func secret(vault string, name string) string => '@Microsoft.KeyVault(VaultName=${vault};SecretName=${name})'

var live = {
  email: channels.?email.?mode == 'live'
  linkedIn: channels.?linkedIn.?mode == 'live'
  googleAds: channels.?googleAds.?mode == 'live'
  meta: channels.?meta.?mode == 'live'
}
var contentModelEndpoint = contentModel.?endpoint ?? ''

var host = {
  // Identity-based connection: the Functions host, the Durable extension and the app's own clients.
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: insightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  AzureWebJobsDisableHomepage: 'true'
  FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '1048576'
  AzureFunctionsJobHost__extensions__durableTask__hubName: taskHubName
}

var handoffs = {
  Gtm__Stage16Queue: 'stage16-output'
  Gtm__Stage18Queue: 'stage18-handoff'
  Gtm__Stage18Target: 'stage18-inbox'
  Gtm__Stage18Transport: stage18Transport
  Gtm__ServiceBus__Connection: 'ServiceBusConnection'
  Gtm__ServiceBus__Stage18Entity: stage18Transport == 'ServiceBus' ? stage18Entity : ''
  Gtm__ServiceBus__Stage16Queue: serviceBusIntake ? stage16Queue : ''
  Gtm__ServiceBus__MaxConcurrentCalls: '8'
  Gtm__ServiceBus__MaxRetries: '5'
  Gtm__ServiceBus__RetryDelay: '00:00:00.800'
  Gtm__ServiceBus__MaxRetryDelay: '00:00:30'
  Gtm__ServiceBus__TryTimeout: '00:00:30'
  ServiceBusConnection__fullyQualifiedNamespace: serviceBusHost
  ServiceBusConnection__clientId: identityClientId
}

var product = {
  Gtm__TimeScale: '1'
  Gtm__MonitorSchedule: monitorSchedule
  Gtm__ContentModel__Endpoint: contentModelEndpoint
  Gtm__ContentModel__Model: contentModel.?model ?? ''
  Gtm__ContentModel__ApiKey: empty(contentModelEndpoint) ? '' : secret(keyVaultName, 'content-model-api-key')
  Gtm__ContentModel__TimeoutSeconds: string(contentModel.?timeoutSeconds ?? 30)
}

var channelValues = {
  Gtm__Channels__Email__Mode: channels.?email.?mode ?? 'sandbox'
  Gtm__Channels__Email__AccessToken: live.email ? secret(keyVaultName, 'email-access-token') : ''
  Gtm__Channels__LinkedIn__Mode: channels.?linkedIn.?mode ?? 'sandbox'
  Gtm__Channels__LinkedIn__AccessToken: live.linkedIn ? secret(keyVaultName, 'linkedin-access-token') : ''
  Gtm__Channels__LinkedIn__AdAccountId: channels.?linkedIn.?adAccountId ?? ''
  Gtm__Channels__LinkedIn__CampaignGroupId: channels.?linkedIn.?campaignGroupId ?? ''
  Gtm__Channels__LinkedIn__Locations: channels.?linkedIn.?locations ?? ''
  Gtm__Channels__LinkedIn__Version: channels.?linkedIn.?version ?? '202511'
  Gtm__Channels__GoogleAds__Mode: channels.?googleAds.?mode ?? 'sandbox'
  Gtm__Channels__GoogleAds__AccessToken: live.googleAds ? secret(keyVaultName, 'google-ads-access-token') : ''
  Gtm__Channels__GoogleAds__DeveloperToken: live.googleAds ? secret(keyVaultName, 'google-ads-developer-token') : ''
  Gtm__Channels__GoogleAds__CustomerId: channels.?googleAds.?customerId ?? ''
  Gtm__Channels__GoogleAds__LoginCustomerId: channels.?googleAds.?loginCustomerId ?? ''
  Gtm__Channels__GoogleAds__ApiVersion: channels.?googleAds.?apiVersion ?? '21'
  Gtm__Channels__Meta__Mode: channels.?meta.?mode ?? 'sandbox'
  Gtm__Channels__Meta__AccessToken: live.meta ? secret(keyVaultName, 'meta-access-token') : ''
  Gtm__Channels__Meta__AdAccountId: channels.?meta.?adAccountId ?? ''
  Gtm__Channels__Meta__ApiVersion: channels.?meta.?apiVersion ?? 'v24.0'
}

@description('The app settings, by name.')
output values object = union(host, handoffs, product, channelValues)
