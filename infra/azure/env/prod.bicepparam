// Production: Flex Consumption scaled to 200 instances, Stage 18 handoffs over a Service Bus topic,
// live channels. The platforms' account ids come from the deploying shell's GTM_* variables (a live
// channel without its ids stops the app's start-up, naming the setting); the tokens are Key Vault
// secrets set once after the first deployment (infra/README.md).
using '../main.bicep'

param environmentName = 'prod'
param hostingPlan = 'FlexConsumption'
param maximumInstanceCount = 200
param stage18Transport = 'ServiceBus'
param stage18EntityKind = 'topic'
param serviceBusIntake = true
param monitorSchedule = '0 */5 * * * *'
param logRetentionDays = 90
param channels = {
  email: { mode: 'live' }
  linkedIn: {
    mode: 'live'
    adAccountId: readEnvironmentVariable('GTM_LINKEDIN_AD_ACCOUNT_ID', '')
    campaignGroupId: readEnvironmentVariable('GTM_LINKEDIN_CAMPAIGN_GROUP_ID', '')
    locations: readEnvironmentVariable('GTM_LINKEDIN_LOCATIONS', '')
  }
  googleAds: {
    mode: 'live'
    customerId: readEnvironmentVariable('GTM_GOOGLE_ADS_CUSTOMER_ID', '')
    loginCustomerId: readEnvironmentVariable('GTM_GOOGLE_ADS_LOGIN_CUSTOMER_ID', '')
  }
  meta: {
    mode: 'live'
    adAccountId: readEnvironmentVariable('GTM_META_AD_ACCOUNT_ID', '')
  }
}
