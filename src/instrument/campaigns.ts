/**
 * Campaigns as code: a communication campaign a study evaluates — where and when it ran, through
 * which channels, with which slogans, which indicators it set out to move (and by how much), the
 * countries it is compared with, and how the instrument measures exposure to it (aided recall of
 * each slogan, a fictitious slogan for false recall, optionally unaided recall and channels).
 *
 * `defineCampaign` checks the shape; `defineStudy` cross-checks a campaign against the study's
 * countries, waves (a wave before and a wave after must bracket it), indicators and instruments,
 * so `barometer lint` reports each problem on its own line.
 */
import { z } from 'zod';
import { ItemCode, OptionCode, QuestionCode } from './codes.ts';
import { fromZodIssues, type DefinitionIssue } from './errors.ts';
import { definitionError } from './definition-problems.ts';
import { experimentsOf } from './experiments.ts';
import { deepFreeze } from './freeze.ts';
import { IndicatorId } from './indicators.ts';
import { findQuestion, instrumentRef, Slug, type Instrument } from './instrument.ts';
import { optionsOf } from './questions.ts';
import { Text } from './text.ts';
import { IsoDate, type Wave } from './waves.ts';

const Iso3 = z.string().regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3 country code like "ZAF"');

export const CAMPAIGN_CHANNELS = [
  'tv',
  'radio',
  'social_media',
  'news_websites',
  'posters',
  'print',
  'events',
  'other',
] as const;

/** How the comparison countries are weighted against each other: alike (the default), or by population. */
export const ComparisonWeighting = z.enum(['equal', 'population']).default('equal');
export type ComparisonWeighting = z.output<typeof ComparisonWeighting>;

/** A grid item that records recall of one slogan. */
const RecallItem = z.object({ question: QuestionCode, item: ItemCode }).strict();

export const Campaign = z
  .object({
    id: Slug,
    name: Text,
    description: Text,
    /** Where it ran: countries, optionally only some regions within them (options of a region question). */
    where: z
      .object({
        countries: z.array(Iso3).min(1),
        regions: z
          .object({ question: QuestionCode, options: z.array(OptionCode).min(1) })
          .strict()
          .optional(),
      })
      .strict(),
    when: z.object({ start: IsoDate, end: IsoDate }).strict(),
    channels: z.array(z.enum(CAMPAIGN_CHANNELS)).min(1),
    /** Its messages; each slogan's aided recall is measured by a grid item. */
    messages: z.array(z.object({ id: Slug, slogan: Text, recall: RecallItem }).strict()).min(1),
    /** The indicators it set out to move, the direction, and by how much (percentage points for shares, index units otherwise). */
    aims: z
      .array(
        z
          .object({ indicator: IndicatorId, direction: z.enum(['decrease', 'increase']), by: z.number().positive() })
          .strict(),
      )
      .min(1),
    /**
     * The countries it is compared with: named ones, or every study country of a world region (as
     * the waves name it, e.g. "Sub-Saharan Africa") where it did not run; and how they are weighted
     * against each other (`equal`, the default: each comparison country counts alike in every wave;
     * `population`: by its weighted adults). docs/campaign-impact.md, "The comparison group".
     * `synthetic: { donors }` (a campaign in one country): a synthetic control fitted from the
     * donors (docs/campaign-impact.md, "Synthetic control"), shown beside the DiD, whose comparison
     * countries are the donors.
     */
    comparison: z.union([
      z.object({ countries: z.array(Iso3).min(1), weighting: ComparisonWeighting }).strict(),
      z.object({ region: z.string().min(1), weighting: ComparisonWeighting }).strict(),
      z
        .object({
          synthetic: z
            .object({ donors: z.array(Iso3).min(2, 'a synthetic control needs at least two donors') })
            .strict(),
          weighting: ComparisonWeighting,
        })
        .strict(),
    ]),
    exposure: z
      .object({
        /** The grid answer that counts as "seen or heard" (e.g. `yes`). */
        recalled: OptionCode,
        /** A slogan that never ran: saying one has seen it measures false recall. */
        falseRecall: RecallItem,
        /** Open-ended recall asked before any slogan is shown, coded by keywords (case- and accent-insensitive). */
        unaided: z
          .object({ question: QuestionCode, keywords: z.array(z.string().min(2)).min(1) })
          .strict()
          .optional(),
        /** Where people saw it (multiple choice). */
        channels: QuestionCode.optional(),
      })
      .strict(),
    /**
     * A message experiment of the instrument that tests the campaign's messages, and its outcome
     * indicator; `byPrior`: an arm whose effect is also reported separately for those an
     * `overestimate` indicator, asked before the message, counts in and out (where a wave asks both).
     */
    experiment: z
      .object({
        code: QuestionCode,
        outcome: IndicatorId,
        byPrior: z.object({ arm: OptionCode, indicator: IndicatorId }).strict().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type Campaign = z.output<typeof Campaign>;
export type CampaignInput = z.input<typeof Campaign>;

/** Validates a campaign's shape (cross-checks against the study happen in `defineStudy`). */
export function defineCampaign(input: CampaignInput): Campaign {
  const parsed = Campaign.safeParse(input);
  const subject = `campaign(${typeof input.id === 'string' ? input.id : '?'})`;
  if (!parsed.success) throw definitionError(subject, fromZodIssues(subject, parsed.error.issues));
  return deepFreeze(parsed.data);
}

/** The waves that end before the campaign starts and those that start after it ends, in time order. */
export function campaignWaves(waves: readonly Wave[], campaign: Campaign): { before: Wave[]; after: Wave[] } {
  const sorted = [...waves].sort((a, b) => (a.fieldPeriod.start < b.fieldPeriod.start ? -1 : 1));
  return {
    before: sorted.filter((w) => w.fieldPeriod.end < campaign.when.start),
    after: sorted.filter((w) => w.fieldPeriod.start > campaign.when.end),
  };
}

/**
 * The comparison countries: the named ones, or those of `waves` in the named region, less any
 * country where the campaign ran (lint refuses a named one; a region's are left out), sorted.
 */
export function comparisonCountries(campaign: Campaign, waves: readonly Wave[]): string[] {
  const c = campaign.comparison;
  if ('countries' in c) return [...c.countries];
  if ('synthetic' in c) return [...c.synthetic.donors];
  const inCampaign = new Set(campaign.where.countries);
  const inRegion = waves.flatMap((w) => w.countries.filter((x) => x.region === c.region).map((x) => x.iso3));
  return [...new Set(inRegion)].filter((x) => !inCampaign.has(x)).sort();
}

interface StudyParts {
  readonly languages: readonly string[];
  readonly instruments: readonly Instrument[];
  readonly indicators: readonly { readonly id: string; readonly kind?: string }[];
  readonly waves: readonly Wave[];
}

/** Cross-checks one campaign against the study; one issue per problem. */
export function checkCampaign(campaign: Campaign, study: StudyParts, root: string): DefinitionIssue[] {
  const path = `${root}.campaigns[${campaign.id}]`;
  const issues: DefinitionIssue[] = [];
  const bad = (where: string, message: string, question?: string) =>
    issues.push({
      code: 'invalid_campaign',
      path: `${path}.${where}`,
      ...(question ? { question } : {}),
      message: `campaign ${campaign.id}: ${message}`,
    });
  for (const lang of study.languages) {
    for (const [field, text] of [
      ['name', campaign.name],
      ['description', campaign.description],
    ] as const) {
      if (!text[lang]?.trim())
        issues.push({
          code: 'missing_translation',
          path: `${path}.${field}.${lang}`,
          lang,
          message: `campaign ${campaign.id} ${field} has no "${lang}" translation`,
        });
    }
    for (const m of campaign.messages) {
      if (!m.slogan[lang]?.trim())
        issues.push({
          code: 'missing_translation',
          path: `${path}.messages[${m.id}].slogan.${lang}`,
          lang,
          message: `campaign ${campaign.id} slogan ${m.id} has no "${lang}" translation`,
        });
    }
  }
  if (campaign.when.start > campaign.when.end)
    bad('when', `starts (${campaign.when.start}) after it ends (${campaign.when.end})`);

  const known = new Set(study.waves.flatMap((w) => w.countries.map((c) => c.iso3)));
  const where = campaign.where.countries;
  for (const c of where) if (!known.has(c)) bad('where.countries', `country ${c} is in no wave of the study`);
  const comparison = comparisonCountries(campaign, study.waves);
  const declared = campaign.comparison;
  if ('countries' in declared) {
    const named = declared.countries;
    for (const c of named) {
      if (!known.has(c)) bad('comparison.countries', `comparison country ${c} is in no wave of the study`);
      if (where.includes(c)) bad('comparison.countries', `${c} is both a campaign country and a comparison country`);
    }
    for (const dup of named.filter((c, i) => named.indexOf(c) !== i))
      bad('comparison.countries', `comparison country ${dup} is named twice`);
  } else if ('synthetic' in declared) {
    const donors = declared.synthetic.donors;
    if (where.length !== 1)
      bad('comparison.synthetic', `a synthetic control is for a campaign in one country, not ${where.length}`);
    for (const c of donors) {
      if (!known.has(c)) bad('comparison.synthetic.donors', `donor ${c} is in no wave of the study`);
      if (where.includes(c)) bad('comparison.synthetic.donors', `${c} is both the campaign country and a donor`);
    }
    for (const dup of donors.filter((c, i) => donors.indexOf(c) !== i))
      bad('comparison.synthetic.donors', `donor ${dup} is named twice`);
  } else {
    const regions = new Set(study.waves.flatMap((w) => w.countries.map((c) => c.region)));
    if (!regions.has(declared.region))
      bad(
        'comparison.region',
        `comparison region "${declared.region}" is the region of no country of the study (${[...regions].sort().join(', ')})`,
      );
    else if (comparison.length === 0)
      bad('comparison.region', `region "${declared.region}" has no study country where the campaign did not run`);
  }

  const { before, after } = campaignWaves(study.waves, campaign);
  const covers = (w: Wave, countries: readonly string[]) => w.countries.some((c) => countries.includes(c.iso3));
  const bracket = (side: 'before' | 'after', list: readonly Wave[]) => {
    const when = side === 'before' ? `ends before ${campaign.when.start}` : `starts after ${campaign.when.end}`;
    if (list.length === 0) return bad('when', `no wave ${when}, so the waves do not bracket the campaign`);
    if (!list.some((w) => covers(w, where)))
      bad('when', `no wave that ${when} covers a campaign country (${where.join(', ')})`);
    // An empty comparison group is reported once, above.
    if (comparison.length > 0 && !list.some((w) => covers(w, comparison)))
      bad('when', `no wave that ${when} covers a comparison country`);
  };
  bracket('before', before);
  bracket('after', after);

  const indicators = new Set(study.indicators.map((i) => i.id));
  for (const aim of campaign.aims)
    if (!indicators.has(aim.indicator))
      bad(`aims[${aim.indicator}]`, `aims to move indicator ${aim.indicator}, which the study does not define`);
  const aimed = campaign.aims.map((a) => a.indicator);
  for (const dup of aimed.filter((a, i) => aimed.indexOf(a) !== i)) bad('aims', `indicator ${dup} is aimed at twice`);
  const ids = campaign.messages.map((m) => m.id);
  for (const dup of ids.filter((m, i) => ids.indexOf(m) !== i)) bad('messages', `message id ${dup} is used twice`);

  // Exposure is measured after the campaign: every instrument fielded after it must have the measures.
  const measured = [...new Map(after.map((w) => [`${w.instrument.id}@${w.instrument.version}`, w])).values()];
  for (const wave of measured) {
    const instrument = study.instruments.find(
      (i) => i.id === wave.instrument.id && i.version === wave.instrument.version,
    );
    if (instrument) checkMeasures(campaign, instrument, bad);
  }
  if (campaign.where.regions) {
    const { question, options } = campaign.where.regions;
    for (const instrument of study.instruments) {
      const q = findQuestion(instrument, question);
      if (!q) bad('where.regions', `regions come from ${question}, which ${instrumentRef(instrument)} lacks`, question);
      else
        for (const o of options)
          if (!optionsOf(q).some((x) => x.code === o))
            bad('where.regions', `${question} has no option "${o}" in ${instrumentRef(instrument)}`, question);
    }
  }
  if (campaign.experiment && !indicators.has(campaign.experiment.outcome))
    bad('experiment.outcome', `experiment outcome ${campaign.experiment.outcome} is not an indicator of the study`);
  const prior = campaign.experiment?.byPrior;
  if (prior && study.indicators.find((i) => i.id === prior.indicator)?.kind !== 'overestimate')
    bad('experiment.byPrior', `${prior.indicator} is not an overestimate indicator of the study`);
  return issues;
}

function checkMeasures(
  campaign: Campaign,
  instrument: Instrument,
  bad: (where: string, message: string, question?: string) => void,
): void {
  const ref = instrumentRef(instrument);
  const scalesChecked = new Set<string>();
  const recall = (where: string, item: { question: string; item: string }) => {
    const q = findQuestion(instrument, item.question);
    if (!q)
      return bad(where, `${item.question} is not a question of ${ref}, fielded after the campaign`, item.question);
    if (q.kind !== 'grid')
      return bad(where, `${item.question} must be a grid (one item per slogan), not ${q.kind}`, item.question);
    if (!q.items.some((i) => i.code === item.item))
      bad(where, `${item.question} has no item ${item.item} in ${ref}`, item.question);
    if (scalesChecked.has(q.code)) return;
    scalesChecked.add(q.code);
    if (!q.scale.some((o) => o.code === campaign.exposure.recalled))
      bad(
        'exposure.recalled',
        `${item.question} has no answer "${campaign.exposure.recalled}" in ${ref}`,
        item.question,
      );
  };
  for (const m of campaign.messages) recall(`messages[${m.id}].recall`, m.recall);
  recall('exposure.falseRecall', campaign.exposure.falseRecall);
  if (
    campaign.messages.some(
      (m) =>
        m.recall.question === campaign.exposure.falseRecall.question &&
        m.recall.item === campaign.exposure.falseRecall.item,
    )
  ) {
    bad('exposure.falseRecall', 'the fictitious slogan is also one of the campaign’s messages');
  }
  const kindOf = (code: string | undefined, kind: string, where: string) => {
    if (code === undefined) return;
    const q = findQuestion(instrument, code);
    if (!q) bad(where, `${code} is not a question of ${ref}, fielded after the campaign`, code);
    else if (q.kind !== kind) bad(where, `${code} must be a ${kind} question, not ${q.kind}`, code);
  };
  kindOf(campaign.exposure.unaided?.question, 'text', 'exposure.unaided');
  kindOf(campaign.exposure.channels, 'multiple', 'exposure.channels');
  if (campaign.experiment && !experimentsOf(instrument).some((e) => e.experiment.code === campaign.experiment?.code)) {
    bad('experiment.code', `${ref} has no experiment ${campaign.experiment.code}`, campaign.experiment.code);
  }
  const prior = campaign.experiment?.byPrior;
  const place = experimentsOf(instrument).find((e) => e.experiment.code === campaign.experiment?.code);
  if (prior && place && !place.experiment.arms.some((a) => a.code === prior.arm))
    bad('experiment.byPrior', `experiment ${place.experiment.code} of ${ref} has no arm ${prior.arm}`);
}
