/**
 * The cross-checks of a study's weighting and waves (study.ts runs them with the rest of
 * `checkStudy`): the weighting variables' questions, the country question, and each wave's
 * instrument, field period, countries, margins and weighting.
 */
import type { DefinitionIssue } from './errors.ts';
import { instrumentFingerprint } from './fingerprint.ts';
import { findQuestion, instrumentRef, type Instrument } from './instrument.ts';
import { optionsOf } from './questions.ts';
import { weightingLevels, type Wave, type WeightingVariable } from './waves.ts';

/** The parts of a study (study.ts) these checks read. */
interface Study {
  readonly instruments: readonly Instrument[];
  readonly weightingVariables: readonly WeightingVariable[];
  readonly countryQuestion?: string | undefined;
  readonly waves: readonly Wave[];
}

/** The values of `values` that occur more than once (each repeat listed). */
export function duplicates(values: readonly string[]): string[] {
  return values.filter((v, i) => values.indexOf(v) !== i);
}

/** The weighting and wave checks of `study`, under the path `root`. */
export function checkStudyWaves(study: Study, root: string): DefinitionIssue[] {
  const issues = checkWeightingVariables(study, root);
  if (study.countryQuestion !== undefined) issues.push(...checkCountryQuestion(study, study.countryQuestion, root));
  const variables = new Map(study.weightingVariables.map((v) => [v.name, v]));
  for (const wave of study.waves) issues.push(...checkWave(study, wave, variables, root));
  return issues;
}

/** Each weighting variable's question exists in every instrument, with the options it maps (or numeric, to bin). */
function checkWeightingVariables(study: Study, root: string): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  for (const v of study.weightingVariables) {
    const path = `${root}.weightingVariables[${v.name}]`;
    for (const instrument of study.instruments) {
      const q = findQuestion(instrument, v.question);
      if (!q) {
        issues.push({
          code: 'unknown_question',
          path,
          question: v.question,
          message: `weighting variable ${v.name} uses ${v.question}, which ${instrumentRef(instrument)} lacks`,
        });
        continue;
      }
      if (v.from === 'options') {
        const codes = new Set(optionsOf(q).map((o) => o.code));
        for (const code of Object.keys(v.map))
          if (!codes.has(code))
            issues.push({
              code: 'unknown_option',
              path,
              question: v.question,
              message: `weighting variable ${v.name} maps "${code}", which ${v.question} lacks`,
            });
      } else if (q.kind !== 'numeric') {
        issues.push({
          code: 'invalid_wave',
          path,
          question: v.question,
          message: `weighting variable ${v.name} bins ${v.question}, which is not numeric`,
        });
      }
    }
  }
  return issues;
}

/** A wave: its weighting, its instrument (defined, and unchanged since the wave opened), its field period and countries. */
function checkWave(
  study: Study,
  wave: Wave,
  variables: ReadonlyMap<string, WeightingVariable>,
  root: string,
): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const path = `${root}.waves[${wave.id}]`;
  if (wave.weighting) issues.push(...checkWeighting(study, wave, path));
  const instrument = study.instruments.find(
    (i) => i.id === wave.instrument.id && i.version === wave.instrument.version,
  );
  if (!instrument) {
    issues.push({
      code: 'unknown_instrument',
      path: `${path}.instrument`,
      message: `wave ${wave.id} fields ${wave.instrument.id}@${wave.instrument.version}, which the study does not define`,
    });
  } else if (
    wave.instrumentFingerprint !== undefined &&
    wave.instrumentFingerprint !== instrumentFingerprint(instrument)
  ) {
    issues.push({
      code: 'fingerprint_mismatch',
      path: `${path}.instrumentFingerprint`,
      message: `wave ${wave.id} opened with ${instrumentRef(instrument)} fingerprint ${wave.instrumentFingerprint}, but the instrument now has ${instrumentFingerprint(instrument)}; an instrument a wave has opened with is frozen — define a new version`,
    });
  }
  if (wave.fieldPeriod.start > wave.fieldPeriod.end)
    issues.push({ code: 'invalid_wave', path: `${path}.fieldPeriod`, message: `field period starts after it ends` });
  if (wave.status !== 'planned' && wave.instrumentFingerprint === undefined) {
    issues.push({
      code: 'invalid_wave',
      path: `${path}.instrumentFingerprint`,
      message: `wave ${wave.id} is ${wave.status} but does not pin the instrument fingerprint it opened with`,
    });
  }
  for (const iso3 of duplicates(wave.countries.map((c) => c.iso3)))
    issues.push({ code: 'duplicate_id', path: `${path}.countries`, message: `country ${iso3} is listed twice` });
  for (const country of wave.countries) issues.push(...checkMargins(country, variables, path));
  return issues;
}

/** A country's margins: each names defined weighting variables and their levels, and sums to 1 (shares) or the adult population. */
function checkMargins(
  country: Wave['countries'][number],
  variables: ReadonlyMap<string, WeightingVariable>,
  path: string,
): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  country.margins.forEach((margin, m) => {
    const mpath = `${path}.countries[${country.iso3}].margins[${m}]`;
    for (const name of margin.variables) {
      const variable = variables.get(name);
      if (!variable) {
        issues.push({
          code: 'invalid_wave',
          path: mpath,
          message: `margin uses weighting variable "${name}", which the study does not define`,
        });
        continue;
      }
      const levels = new Set(weightingLevels(variable));
      for (const cell of margin.cells) {
        const level = cell.levels[name];
        if (level === undefined || !levels.has(level))
          issues.push({
            code: 'invalid_wave',
            path: mpath,
            message: `cell ${JSON.stringify(cell.levels)} has no valid level of ${name} (${[...levels].join(', ')})`,
          });
      }
    }
    const total = margin.cells.reduce((a, c) => a + c.value, 0);
    const expected = margin.unit === 'share' ? 1 : country.adultPopulation.value;
    if (Math.abs(total - expected) > expected * 0.001) {
      issues.push({
        code: 'invalid_wave',
        path: mpath,
        message: `cells sum to ${total}, expected ${expected} (${margin.unit === 'share' ? 'shares sum to 1' : 'the adult population'})`,
      });
    }
  });
  return issues;
}

/** The country question exists in every instrument, is single choice, and offers every wave country (ISO3 in lower case). */
function checkCountryQuestion(study: Study, code: string, root: string): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const path = `${root}.countryQuestion`;
  for (const wave of study.waves) {
    const instrument = study.instruments.find(
      (i) => i.id === wave.instrument.id && i.version === wave.instrument.version,
    );
    if (!instrument) continue;
    const q = findQuestion(instrument, code);
    if (!q || q.kind !== 'single') {
      issues.push({
        code: 'invalid_wave',
        path,
        question: code,
        message: `the country question ${code} must be a single-choice question of ${instrumentRef(instrument)}`,
      });
      continue;
    }
    const offered = new Set(optionsOf(q).map((o) => o.code));
    for (const c of wave.countries) {
      if (!offered.has(c.iso3.toLowerCase()))
        issues.push({
          code: 'invalid_wave',
          path: `${root}.waves[${wave.id}].countries[${c.iso3}]`,
          question: code,
          message: `wave ${wave.id} covers ${c.iso3}, but ${code} has no option "${c.iso3.toLowerCase()}"`,
        });
    }
  }
  return issues;
}

/** A wave's weighting: a numeric base-weight question, one margin per country for post-stratification, and the study's country question. */
function checkWeighting(study: Study, wave: Wave, path: string): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const weighting = wave.weighting;
  if (!weighting) return issues;
  if (study.countryQuestion === undefined)
    issues.push({
      code: 'invalid_wave',
      path: `${path}.weighting`,
      message: `wave ${wave.id} is weighted per country, but the study names no countryQuestion`,
    });
  const instrument = study.instruments.find(
    (i) => i.id === wave.instrument.id && i.version === wave.instrument.version,
  );
  if (weighting.base.kind === 'question' && instrument) {
    const q = findQuestion(instrument, weighting.base.question);
    if (!q || q.kind !== 'numeric')
      issues.push({
        code: 'invalid_wave',
        path: `${path}.weighting.base`,
        question: weighting.base.question,
        message: `base weights come from ${weighting.base.question}, which must be a numeric question of ${instrumentRef(instrument)}`,
      });
  }
  for (const country of wave.countries) {
    if (country.margins.length === 0)
      issues.push({
        code: 'invalid_wave',
        path: `${path}.countries[${country.iso3}].margins`,
        message: `${country.iso3} has no margins to weight to`,
      });
    if (weighting.method === 'poststratify' && country.margins.length > 1) {
      issues.push({
        code: 'invalid_wave',
        path: `${path}.countries[${country.iso3}].margins`,
        message: `post-stratification uses one (crossed) margin; ${country.iso3} has ${country.margins.length} (use method "rake")`,
      });
    }
  }
  return issues;
}
