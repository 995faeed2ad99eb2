import { z } from 'zod';
import { ACTIVITY_TYPES } from './activity';
import { kpiInputsSchema } from './kpi-inputs.schema';

// Settings are repaired field by field: a stored value that no longer fits its schema falls back
// to that field's default, and every other field is kept (never wipe a user's settings).

export const LOCALES = ['en', 'sv', 'nb', 'nl', 'it'] as const;
export type Locale = (typeof LOCALES)[number];

/** Who chose the base currency: nobody yet (EUR), the browser's locale, the CRM's company currency, the manager. */
export const BASE_CURRENCY_ORIGINS = ['default', 'locale', 'crm', 'manager'] as const;

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** Rates repaired entry by entry: a bad code or rate is dropped, the others are kept. */
const validRates = z
  .preprocess(
    (value) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).filter(([code, rate]) => CURRENCY_CODE.test(code) && typeof rate === 'number' && Number.isFinite(rate) && rate > 0))
        : {},
    z.record(z.string(), z.number()),
  )
  .catch({});

export const DEFAULT_KEY_ACTIVITY_TYPES = ['call', 'email', 'meeting', 'demo', 'proposal'] as const;

export const settingsSchema = z.object({
  locale: z.enum(['auto', ...LOCALES]).catch('auto'),
  /** Who "I" am in each CRM, to tell my deals from others'. */
  me: z
    .object({
      pipedrive: z.string().max(200).catch(''),
      hubspot: z.string().max(200).catch(''),
      salesforce: z.string().max(200).catch(''),
    })
    .catch({ pipedrive: '', hubspot: '', salesforce: '' }),
  defaultRotDays: z.number().int().min(1).max(365).catch(21),
  keyActivityTypes: z
    .array(z.enum(ACTIVITY_TYPES))
    .min(1)
    .max(5)
    .refine((a) => new Set(a).size === a.length, 'expected each type once')
    .catch([...DEFAULT_KEY_ACTIVITY_TYPES]),
  weekStart: z.enum(['monday', 'sunday']).catch('monday'),
  baseCurrency: z.string().regex(CURRENCY_CODE).catch('EUR'),
  baseCurrencyFrom: z.enum(BASE_CURRENCY_ORIGINS).catch('default'),
  /** Conversion rates to the base currency entered by the manager (1 USD = 0.92 EUR → { USD: 0.92 }). */
  currencyRates: validRates,
  /** The CRM's company currency and its rates (1 key = rate company), as the last team sync read them. */
  crmCurrency: z
    .object({ crm: z.string().max(40), company: z.string().regex(CURRENCY_CODE), rates: validRates, readAt: z.number().finite() })
    .nullable()
    .catch(null),
  /**
   * Stall limits learned from the team's history (`pipelineId/stageId` → days and the deals they rest
   * on), worked out when a history arrives (team sync, import); used where a stage has no rot days.
   * Repaired entry by entry.
   */
  learnedRotDays: z
    .preprocess(
      (value) =>
        value && typeof value === 'object' && !Array.isArray(value)
          ? Object.fromEntries(
              Object.entries(value).filter(
                ([key, v]) => key.length <= 300 && v !== null && typeof v === 'object' && Number.isInteger((v as { days?: unknown }).days) && (v as { days: number }).days >= 1 && (v as { days: number }).days <= 3650 && Number.isInteger((v as { deals?: unknown }).deals) && (v as { deals: number }).deals >= 1,
              ),
            )
          : {},
      z.record(z.string(), z.object({ days: z.number(), deals: z.number() })),
    )
    .catch({}),
  /**
   * The team's conversion per stage (`pipelineId/stageId` → the rate and the deals that reached the
   * stage), measured on the combined history when a history arrives and once a day; where a deal
   * leaves the stage with the lowest rate the rep is praised (lib/rewards). Repaired entry by entry.
   */
  teamConversion: z
    .preprocess(
      (value) =>
        value && typeof value === 'object' && !Array.isArray(value)
          ? Object.fromEntries(
              Object.entries(value).filter(
                ([key, v]) => key.length <= 300 && v !== null && typeof v === 'object' && typeof (v as { rate?: unknown }).rate === 'number' && (v as { rate: number }).rate >= 0 && (v as { rate: number }).rate <= 1 && Number.isInteger((v as { deals?: unknown }).deals) && (v as { deals: number }).deals >= 1,
              ),
            )
          : {},
      z.record(z.string(), z.object({ rate: z.number(), deals: z.number() })),
    )
    .catch({}),
  /** Praise the manager switched on: a deal moved past a hard stage (on unless switched off), and milestones (each off until switched on). */
  rewards: z
    .object({
      passHardStage: z.boolean().catch(true),
      firstWinOfQuarter: z.boolean().catch(false),
      wonWithEveryTask: z.boolean().catch(false),
      activeWeek: z.boolean().catch(false),
    })
    .catch({ passHardStage: true, firstWinOfQuarter: false, wonWithEveryTask: false, activeWeek: false }),
  /** Nothing that happened before this moment is praised: set when an installed version gained praise (schema v9). */
  praiseSince: z.iso.datetime({ offset: true }).nullable().catch(null),
  /** What a click on the toolbar icon opens. */
  iconOpens: z.enum(['sidepanel', 'popup']).catch('sidepanel'),
  activePlaybookId: z.string().min(1).max(64).catch('buyer-centric'),
  /** Remembered "map this CRM stage to…" choices: `crm:account:normalised label` → `pipelineId/stageId`. */
  stageMappings: z.record(z.string().max(300), z.string().max(140)).catch({}),
  /** The KPI dashboard's entered inputs: marketing spend per month and channel, churn, margin, renewals pipeline. */
  kpiInputs: kpiInputsSchema,
  /** The rep's cues, each off until switched on: My day's count on the toolbar badge, a daily reminder on workdays, overdue notifications. */
  myDayBadge: z.boolean().catch(false),
  dailyReminder: z
    .object({ enabled: z.boolean(), time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/) })
    .catch({ enabled: false, time: '09:00' }),
  overdueNotifications: z.boolean().catch(false),
});

export type Settings = z.infer<typeof settingsSchema>;

/** Any stored value (even garbage) → valid settings, keeping every field that is still valid. */
export function repairSettings(stored: unknown): Settings {
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return settingsSchema.parse({});
  // Own data only: an inherited (prototype) property must never become a setting.
  let own: unknown;
  try {
    own = JSON.parse(JSON.stringify(stored));
  } catch {
    own = {};
  }
  const settings = settingsSchema.parse(own);
  // Settings stored before the base had an origin: a base other than the old default was the manager's choice.
  const hasOrigin = own !== null && typeof own === 'object' && 'baseCurrencyFrom' in own;
  if (!hasOrigin && settings.baseCurrency !== 'EUR') return { ...settings, baseCurrencyFrom: 'manager' };
  return settings;
}

export const DEFAULT_SETTINGS: Settings = repairSettings({});
