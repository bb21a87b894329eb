/**
 * Campaign routes (public, JSON, with ETag and cache headers like the indicator routes): the
 * campaigns a study defines, and a campaign's impact report — the same report `barometer campaign
 * report` prints (src/indicators/campaign), with estimates on fewer than the study's minimum n
 * withheld publicly and flagged for a request with a valid API token.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../../http/context.ts';
import { AppError } from '../../errors.ts';
import { WeightingInputError } from '../../indicators/index.ts';
import { publishCampaignReport } from '../../indicators/campaign/published.ts';
import { storedCampaignReport } from '../../indicators/campaign/stored.ts';
import { comparisonCountries, Study, studyLanguageCodes, type Campaign } from '../../instrument/index.ts';
import { ErrorBody } from '../error-body.ts';
import { jsonResponse } from '../openapi.ts';
import { hasToken, parse, readErrors, respond, StudyParam } from './indicators.ts';

const CampaignParams = StudyParam.extend({
  id: z
    .string()
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const ImpactQuery = z.object({
  lang: z.string().max(20).optional().openapi({
    description: "language of labels and names: one of the study's languages (default: its first); another answers 400",
  }),
});

const Text = z.record(z.string(), z.string());
const CampaignInfo = z
  .object({
    id: z.string(),
    name: Text,
    description: Text,
    countries: z.array(z.string()),
    comparison: z.array(z.string()),
    when: z.object({ start: z.string(), end: z.string() }),
    channels: z.array(z.string()),
    slogans: z.array(Text),
    aims: z.array(z.object({ indicator: z.string(), direction: z.enum(['decrease', 'increase']), by: z.number() })),
    experiment: z
      .object({
        code: z.string(),
        outcome: z.string(),
        byPrior: z.object({ arm: z.string(), indicator: z.string() }).optional(),
      })
      .nullable(),
    impact: z.string().openapi({ description: 'path of the impact report' }),
  })
  .openapi('CampaignInfo');

const CampaignImpact = z
  .object({
    study: z.string(),
    campaign: z.object({ id: z.string(), name: z.string() }).passthrough(),
    level: z.number(),
    minimumN: z.number().openapi({ description: 'estimates on fewer respondents are withheld publicly' }),
    includeSuppressed: z.boolean(),
    outcomes: z.array(
      z
        .object({
          indicator: z.string(),
          label: z.string(),
          withheld: z.boolean(),
          suppressed: z.enum(['below_minimum_n', 'complementary', 'no_data']).nullable(),
          summary: z.string(),
        })
        .passthrough(),
    ),
    reach: z.object({}).passthrough(),
    experiment: z.object({}).passthrough().nullable(),
    priorPerception: z
      .object({ kind: z.enum(['estimated', 'not-yet', 'withheld']) })
      .passthrough()
      .nullable()
      .openapi({
        description:
          'the experiment arm declared `byPrior` against control, separately for those who overestimated before the message and those who did not, and the difference; `not-yet` (no number) until a wave asking both has responses',
      }),
    summary: z.array(z.string()),
    warnings: z.array(z.string()),
  })
  .openapi('CampaignImpact');

const json = (schemaOf: z.ZodType, what: string) => ({
  description: `${what}; ETag and Cache-Control headers (public: max-age 60; with a token: private)`,
  content: { 'application/json': { schema: schemaOf } },
});

const routes = {
  list: createRoute({
    method: 'get',
    path: '/v1/studies/{study}/campaigns',
    operationId: 'listCampaigns',
    summary: 'The campaigns a study defines: where and when they ran, their slogans, aims and comparison countries',
    security: [],
    request: { params: StudyParam },
    responses: {
      200: json(z.object({ study: z.string(), campaigns: z.array(CampaignInfo) }), 'campaigns'),
      ...readErrors,
    },
  }),
  impact: createRoute({
    method: 'get',
    path: '/v1/studies/{study}/campaigns/{id}/impact',
    operationId: 'readCampaignImpact',
    summary:
      'The impact of a campaign: difference-in-differences with its interval, pre-trend test, MDE and verdict per aimed indicator, reach and false recall, aware vs unaware (an association), the message experiment, and a plain-language summary',
    security: [],
    request: { params: CampaignParams, query: ImpactQuery },
    responses: {
      200: json(CampaignImpact, 'the impact report'),
      ...readErrors,
      404: jsonResponse(ErrorBody, 'no such study or campaign'),
      409: jsonResponse(
        ErrorBody,
        'the waves around the campaign are not stored or not weighted yet (no current weighting run), or hold no weighted responses',
      ),
    },
  }),
};

function campaignInfo(study: Study, campaign: Campaign): z.input<typeof CampaignInfo> {
  return {
    id: campaign.id,
    name: campaign.name,
    description: campaign.description,
    countries: [...campaign.where.countries],
    comparison: comparisonCountries(campaign, study.waves),
    when: campaign.when,
    channels: [...campaign.channels],
    slogans: campaign.messages.map((m) => m.slogan),
    aims: campaign.aims.map((a) => ({ indicator: a.indicator, direction: a.direction, by: a.by })),
    experiment: campaign.experiment ?? null,
    impact: `/v1/studies/${study.id}/campaigns/${campaign.id}/impact`,
  };
}

export function campaignRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.db.db;
  for (const r of Object.values(routes)) app.openAPIRegistry.registerPath(r);
  const studies = deps.studies ?? [];
  const studyOf = (id: string): Study => {
    const study = studies.find((s) => s.id === id);
    if (!study) throw new AppError('not_found', `no study "${id}" is loaded by this server`);
    return study;
  };

  app.get('/v1/studies/:study/campaigns', async (c) => {
    const { study: id } = parse(StudyParam, c.req.param(), 'param');
    const token = await hasToken(db, c);
    const study = studyOf(id);
    const campaigns = study.campaigns.map((campaign) => campaignInfo(study, campaign));
    return respond(c, JSON.stringify({ study: study.id, campaigns }), 'application/json', token);
  });
  app.get('/v1/studies/:study/campaigns/:id/impact', async (c) => {
    const { study: studyId, id } = parse(CampaignParams, c.req.param(), 'param');
    const { lang } = parse(ImpactQuery, c.req.query(), 'query');
    const token = await hasToken(db, c);
    const study = studyOf(studyId);
    const campaign = study.campaigns.find((x) => x.id === id);
    if (!campaign)
      throw new AppError(
        'not_found',
        `study ${study.id} has no campaign "${id}" (campaigns: ${study.campaigns.map((x) => x.id).join(', ') || 'none'})`,
      );
    // Labels exist in the study's languages only; any other is refused before the report is read.
    const languages = studyLanguageCodes(study);
    if (lang !== undefined && !languages.includes(lang))
      throw new AppError('validation_failed', `query.lang: no "${lang}" labels (languages: ${languages.join(', ')})`, [
        { path: 'query.lang', message: `one of ${languages.join(', ')}` },
      ]);
    try {
      const report = await storedCampaignReport(db, study, campaign, lang ? { lang } : {});
      const body = publishCampaignReport(report, { includeSuppressed: token });
      return respond(c, JSON.stringify(body), 'application/json', token);
    } catch (err) {
      // Stored weights the report cannot use conflict with the stored state (a CampaignDataError is a 409 too: api/error-body.ts).
      if (err instanceof WeightingInputError) throw new AppError('conflict', err.message);
      throw err;
    }
  });
  return app;
}
