// The app's storage account: the Functions host, the Durable task hub (queues, tables, blob
// leases) and the product's own tables and queues. Shared keys are off, so only identities with a
// role reach it; the app's identity gets the three data roles the host and the Durable extension need.

import { roles } from 'roles.bicep'

param location string
param tags object
param accountName string
param deploymentContainerName string
@description('The app identity\'s resource id, which names its role assignments.')
param identityId string
@description('The app identity\'s principal, which gets the roles.')
param principalId string

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: accountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }

  resource blobs 'blobServices' = {
    name: 'default'

    // Where the deployed package lives (Flex Consumption's deployment storage, Elastic Premium's run-from-package blob).
    resource packages 'containers' = {
      name: deploymentContainerName
      properties: { publicAccess: 'None' }
    }
  }
}

var dataRoles = [ roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor ]

resource dataAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in dataRoles: {
  name: guid(account.id, identityId, role)
  scope: account
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

output accountName string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
