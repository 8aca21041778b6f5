// The channel tokens and the content model's key. The templates create no secret: an operator sets
// them (infra/README.md), and app settings reference them by name. Access by Azure RBAC only.

import { roles } from 'roles.bicep'

param location string
param tags object
param vaultName string
@description('The app identity\'s resource id, which names its role assignments.')
param identityId string
@description('The app identity\'s principal, which gets the roles.')
param principalId string

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityId, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

output name string = vault.name
