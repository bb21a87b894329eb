/**
 * Campaign impact reports, computed once per version of their inputs and kept (as the indicator
 * series are materialised): a server restarted on a full database, the static build and the API
 * read a report instead of re-reading three waves of responses and refitting its models.
 */
import { jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const campaignReports = pgTable(
  'campaign_reports',
  {
    /** The study's id as its definitions name it (`studies.slug`). */
    study: text('study').notNull(),
    campaign: text('campaign').notNull(),
    /** What the report was computed from: the campaign's definition and the waves' current runs. */
    inputs: text('inputs').notNull(),
    /** The report (`CampaignReport` of src/indicators/campaign), in the study's first language. */
    report: jsonb('report').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.study, t.campaign] })],
);
