// Development: Flex Consumption, every channel in its sandbox, handoffs on Storage Queues with the
// Service Bus intake on, so both transports can be tried.
using '../main.bicep'

param environmentName = 'dev'
param hostingPlan = 'FlexConsumption'
param maximumInstanceCount = 40
param stage18Transport = 'StorageQueues'
param serviceBusIntake = true
param monitorSchedule = '0 */5 * * * *'
param channels = {
  email: { mode: 'sandbox' }
  linkedIn: { mode: 'sandbox' }
  googleAds: { mode: 'sandbox' }
  meta: { mode: 'sandbox' }
}
