// HubSpot's original source types (the deal property `hs_analytics_source`): the API gives the enum,
// HubSpot's own screens name it in the user's language, and so do ours (i18n `kpi.source.<ENUM>`).

export const HUBSPOT_SOURCES = ['ORGANIC_SEARCH', 'PAID_SEARCH', 'EMAIL_MARKETING', 'SOCIAL_MEDIA', 'REFERRALS', 'OTHER_CAMPAIGNS', 'DIRECT_TRAFFIC', 'OFFLINE', 'PAID_SOCIAL', 'AI_REFERRALS'] as const;
export type HubspotSource = (typeof HUBSPOT_SOURCES)[number];

export const isHubspotSource = (value: string): value is HubspotSource => (HUBSPOT_SOURCES as readonly string[]).includes(value);
