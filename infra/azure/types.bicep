// Parameter types shared by main.bicep and its modules.

@export()
@description('sandbox: the platform simulated in the app\'s storage; live: the platform\'s own API.')
type channelMode = 'sandbox' | 'live'

@export()
@description('Per platform: its mode and non-secret ids (the Gtm:Channels:{Platform} settings, SPEC C11). Tokens are Key Vault secrets, referenced only for live platforms.')
type channelSettings = {
  @description('HubSpot marketing emails and workflows; secret: email-access-token.')
  email: {
    mode: channelMode
  }?
  @description('LinkedIn Marketing API; secret: linkedin-access-token.')
  linkedIn: {
    mode: channelMode
    adAccountId: string?
    campaignGroupId: string?
    @description('Comma-separated geo URNs the campaigns target.')
    locations: string?
    @description('LinkedIn-Version header, yyyyMM.')
    version: string?
  }?
  @description('Google Ads REST API; secrets: google-ads-access-token, google-ads-developer-token.')
  googleAds: {
    mode: channelMode
    customerId: string?
    loginCustomerId: string?
    apiVersion: string?
  }?
  @description('Meta Marketing API; secret: meta-access-token.')
  meta: {
    mode: channelMode
    adAccountId: string?
    apiVersion: string?
  }?
}

@export()
@description('An OpenAI-compatible chat endpoint that writes campaign copy; secret: content-model-api-key.')
type contentModelSettings = {
  endpoint: string?
  model: string?
  timeoutSeconds: int?
}
