/**
 * The campaign page's synthetic-control block for one outcome, under its difference-in-differences:
 * what it is and the donors' weights, the fit before the campaign wave by wave (a table), the gap
 * after it, the placebo-in-space ranks (a table, the campaign country starred); first, its cautions:
 * a fit that misses by more than the aimed effect, and the weakness of two pre-campaign waves.
 */
import { html, type Html } from '../src/html.ts';
import type { SyntheticImpact } from '../src/indicators/campaign/synthetic.ts';
import { tableHtml } from './chart-table.ts';
import type { UiLanguage } from './i18n.ts';
import { saySynthetic, syntheticTables, syntheticText } from './i18n-synthetic.ts';

export function syntheticSection(
  lang: UiLanguage,
  s: SyntheticImpact | null,
  k: number,
  minimumN: number,
  aimed: number,
): Html {
  if (s === null) return html``;
  const { sentences, cautions } = syntheticText(lang, s, minimumN, aimed);
  const title = saySynthetic(lang, 'title');
  const head = html`<h3 id="synthetic-${k}-title">${title}</h3>`;
  const notes = cautions.map((c) => html`<p class="note"><strong>${c}</strong></p>`);
  if (s.kind === 'withheld')
    return html`<section class="synthetic" id="synthetic-${k}" aria-labelledby="synthetic-${k}-title">${head}${notes}</section>`;
  const tables = syntheticTables(lang, s);
  return html`<section class="synthetic" id="synthetic-${k}" aria-labelledby="synthetic-${k}-title">${head}
${notes}
${sentences.map((x) => html`<p>${x}</p>`)}
${tableHtml(lang, 'share', tables.fit, saySynthetic(lang, 'fitTitle'))}
${tableHtml(lang, 'share', tables.placebos, saySynthetic(lang, 'placeboTitle'))}
</section>`;
}
