/**
 * The campaign page's block on the fact message by prior overestimation (dashboards/page-campaign-fact.ts),
 * through `app.request()` on a memory source: the flagship's i-am-a-migrant-too page showing a
 * report whose `priorPerception` part is computed on the fact-arm fixture world (the numbers R's
 * survey package gives, test/indicators/fixtures/fact-arm-reference.json), then the same report
 * before the 2028 wave is fielded ("not yet", no number), and withheld below the minimum n. In
 * every language the block says why the effect on the gap itself is not estimated.
 */
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { dashboardRoutes } from '../../dashboards/routes.ts';
import { memorySource } from '../../dashboards/source.ts';
import { formatPoints } from '../../dashboards/i18n-campaign.ts';
import { publishCampaignReport, type PublishedCampaignReport } from '../../src/indicators/campaign/published.ts';
import { campaignReport } from '../../src/indicators/campaign/report.ts';
import { campaignTable } from '../../src/indicators/campaign/table.ts';
import { priorPerceptionReport, type PriorPerceptionReport } from '../../src/indicators/campaign/fact-arm.ts';
import type { Study } from '../../src/instrument/index.ts';
import { iAmAMigrantToo } from '../../survey-definitions/migration-perceptions/campaigns.ts';
import { flagshipFixture } from '../helpers/dashboards.ts';
import { simulatedCampaignWorld, worldStudy } from '../indicators/fixtures/campaign-world.ts';
import { factWorld, FIXTURE_EFFECTS } from '../indicators/fixtures/fact-world.ts';
import reference from '../indicators/fixtures/fact-arm-reference.json' with { type: 'json' };

const base = '/dashboards/migration-perceptions';
const WHY = {
  en: 'The question on how many people were born abroad is asked before the message, so the message cannot change that answer: its effect on the misperception gap itself is not estimated.',
  fr: 'La question sur le nombre de personnes nées à l’étranger est posée avant le message : le message ne peut donc pas modifier cette réponse, et son effet sur l’écart de perception lui-même n’est pas estimé.',
  es: 'La pregunta sobre cuántas personas nacieron en el extranjero se hace antes del mensaje, así que el mensaje no puede cambiar esa respuesta: su efecto sobre la brecha de percepción en sí no se estima.',
  ar: 'يُطرح سؤال عدد المولودين في الخارج قبل الرسالة، فلا يمكن للرسالة أن تغيّر تلك الإجابة، ولذلك لا يُقدَّر أثرها في فجوة التصور نفسها.',
} as const;

describe('campaign page: the facts as a message, by prior overestimation', () => {
  let study: Study;
  let data: Awaited<ReturnType<typeof flagshipFixture>>['data'];
  let fixture: PublishedCampaignReport;

  beforeAll(async () => {
    ({ study, data } = await flagshipFixture());
    const world = worldStudy();
    const campaign = world.campaigns[0];
    if (!campaign) throw new Error('no campaign');
    fixture = publishCampaignReport(campaignReport(world, campaign, simulatedCampaignWorld({ n: 200 })));
  });

  const pageWith = async (prior: PriorPerceptionReport | null, lang: string) => {
    const report = { ...fixture, priorPerception: prior };
    const source = memorySource([study], {
      ...data,
      campaigns: [{ study: study.id, id: 'i-am-a-migrant-too', report }],
    });
    const res = await dashboardRoutes({ source }).request(`${base}/${lang}/campaigns/i-am-a-migrant-too/`);
    expect(res.status).toBe(200);
    return parseHTML(await res.text()).document;
  };
  const prior = (options: Parameters<typeof factWorld>[0]) =>
    priorPerceptionReport(study, iAmAMigrantToo, campaignTable(study, iAmAMigrantToo, factWorld(options)), 0.95);

  it('shows the two effects and their difference with R’s intervals, the MDEs and why the gap is not an outcome', async () => {
    const p = prior(FIXTURE_EFFECTS);
    if (p?.kind !== 'estimated') throw new Error('expected an estimate');
    for (const lang of ['en', 'fr', 'es', 'ar'] as const) {
      const doc = await pageWith(p, lang);
      const block = doc.querySelector('#fact');
      expect(block?.querySelector('p.note')?.textContent, lang).toContain(WHY[lang]);
      const rows = Array.from(block?.querySelectorAll('#fact-chart tbody tr') ?? []);
      expect(rows.length, lang).toBe(3);
      expect(block?.querySelector('#fact-chart svg[role="img"] > title')?.textContent, lang).toBeTruthy();
      expect(block?.textContent, lang).toContain(formatPoints(lang, p.difference.mde));
    }
    const en = (await pageWith(p, 'en')).querySelector('#fact');
    expect(en?.querySelector('h3')?.textContent).toBe(
      '“The real share of migrants” against “No message”, by what people believed before the message (points)',
    );
    const cells = Array.from(en?.querySelectorAll('#fact-chart tbody tr') ?? []).map((r) => r.textContent ?? '');
    // R: the overestimated's effect and the difference, to the table's precision.
    expect(cells[0]).toContain('Overestimated by more than 10 points');
    expect(cells[0]).toContain(Math.abs(reference.overestimated.estimate).toFixed(1));
    expect(cells[2]).toContain('Difference between the two effects');
    expect(cells[2]).toContain(Math.abs(reference.difference.estimate).toFixed(1));
    expect(en?.textContent).toContain('Measured in: 2028.');
  });

  it('says "not yet" and shows no number before the 2028 wave is fielded, in every language', async () => {
    const p = prior({ withV4: false, n: 60 });
    expect(p?.kind).toBe('not-yet');
    const lines = {
      en: 'Not yet: the 2028 wave, the first to ask both the perception question and the message experiment, has not been fielded.',
      ar: 'ليس بعد: لم تُجرَ موجة 2028، وهي الأولى التي تطرح سؤال التصور وتجربة الرسائل معًا.',
    };
    for (const lang of ['en', 'fr', 'es', 'ar'] as const) {
      const block = (await pageWith(p, lang)).querySelector('#fact');
      expect(block?.querySelector('p.note')?.textContent, lang).toContain(WHY[lang]);
      expect(block?.querySelector('svg, table'), lang).toBeNull();
      expect(block?.querySelector('p.status')?.textContent, lang).toContain('2028');
      if (lang === 'en' || lang === 'ar') expect(block?.querySelector('p.status')?.textContent).toBe(lines[lang]);
    }
  });

  it('is withheld with its reason below the minimum n, and absent for a campaign that declares no such arm', async () => {
    const p = prior({ ...FIXTURE_EFFECTS, n: 40, withV3: false });
    const published = publishCampaignReport({ ...fixture, experiment: null, priorPerception: p, outcomes: [] });
    expect(published.priorPerception?.kind).toBe('withheld');
    const block = (await pageWith(published.priorPerception, 'en')).querySelector('#fact');
    expect(block?.querySelector('p.status')?.textContent).toBe('Withheld: fewer than 50 respondents');
    expect(block?.querySelector('svg, table')).toBeNull();
    expect((await pageWith(null, 'en')).querySelector('#fact')).toBeNull();
  });
});
