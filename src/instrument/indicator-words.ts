/**
 * An indicator's definition and base in words (English), for codebooks and dashboards: what is
 * counted and who is in the denominator, kind by kind (src/instrument/indicators.ts).
 */
import type { Indicator } from './indicators.ts';

/** The indicator's definition and base in words (English), for codebooks and dashboards. */
export function describeIndicator(indicator: Indicator): { definition: string; base: string } {
  const never = 'not asked, break-off and unanswered are never in the base';
  switch (indicator.kind) {
    case 'share': {
      const inc = (rule: 'included' | 'excluded', what: string) =>
        `${what} ${rule === 'included' ? 'counted in the base (as not choosing)' : 'excluded from the base'}`;
      return {
        definition: `share of respondents answering ${indicator.question} with ${indicator.options.map((o) => `“${o}”`).join(' or ')}`,
        base: `respondents asked ${indicator.question} with a substantive answer; ${inc(indicator.base.dontKnow, "don't know")}; ${inc(indicator.base.refused, 'refused')}; ${never}`,
      };
    }
    case 'mean': {
      const scored = indicator.scores
        ? Object.entries(indicator.scores)
            .map(([c, v]) => `${c} = ${v}`)
            .join(', ')
        : 'the answer value';
      return {
        definition: `mean of ${indicator.question} scored ${scored}`,
        base: `respondents with a scored answer to ${indicator.question}; unscored missing codes excluded; ${never}`,
      };
    }
    case 'gap':
      return {
        definition: `${indicator.question} minus the ${indicator.reference} figure of the respondent's country for the wave (latest estimate at or before the wave's year), in points`,
        base: `respondents with a numeric answer to ${indicator.question}; don't know and refused excluded; ${never}`,
      };
    case 'overestimate':
      return {
        definition: `share of respondents whose ${indicator.question} exceeds the ${indicator.reference} figure of their country for the wave by more than ${indicator.margin} points`,
        base: `respondents with a numeric answer to ${indicator.question}; don't know and refused excluded; ${never}`,
      };
    case 'index': {
      const items = indicator.items.map(
        (i) =>
          `${i.question} (${Object.entries(i.scores)
            .map(([c, v]) => `${c} = ${v}`)
            .join(', ')})`,
      );
      return {
        definition: `${indicator.combine} over ${items.join('; ')}, range ${indicator.range.min}–${indicator.range.max}`,
        base: `respondents with a scored answer to every item (${indicator.items.map((i) => i.question).join(', ')}); any unscored answer (e.g. refused) excludes the respondent; ${never}`,
      };
    }
  }
}
