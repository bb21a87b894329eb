/**
 * The campaign page's synthetic-control block for one outcome, under its difference-in-differences:
 * what it is and the donors' weights, the fit before the campaign wave by wave (a table), the gap
 * after it, the placebo-in-space ranks (a table, the campaign country starred), and the plain
 * statement that the method is weak with two waves or fewer before the campaign.
 */
import { html, type Html } from '../src/html.ts';
import type { SyntheticImpact } from '../src/indicators/campaign/synthetic.ts';
import { tableHtml } from './chart-table.ts';
import type { UiLanguage } from './i18n.ts';
import { saySynthetic, syntheticSentences, syntheticTables } from './i18n-synthetic.ts';

export function syntheticSection(lang: UiLanguage, s: SyntheticImpact | null, k: number, minimumN: number): Html {
  if (s === null) return html``;
  const [intro, ...rest] = syntheticSentences(lang, s, minimumN);
  const title = saySynthetic(lang, 'title');
  const head = html`<h3 id="synthetic-${k}-title">${title}</h3>`;
  if (s.kind === 'withheld')
    return html`<section class="synthetic" id="synthetic-${k}" aria-labelledby="synthetic-${k}-title">${head}<p class="note">${intro}</p></section>`;
  const tables = syntheticTables(lang, s);
  const weak = s.weak ? rest.at(-1) : undefined;
  const sentences = s.weak ? rest.slice(0, -1) : rest;
  return html`<section class="synthetic" id="synthetic-${k}" aria-labelledby="synthetic-${k}-title">${head}
${weak ? html`<p class="note"><strong>${weak}</strong></p>` : ''}
<p>${intro}</p>
${sentences.map((x) => html`<p>${x}</p>`)}
${tableHtml(lang, 'share', tables.fit, saySynthetic(lang, 'fitTitle'))}
${tableHtml(lang, 'share', tables.placebos, saySynthetic(lang, 'placeboTitle'))}
</section>`;
}
