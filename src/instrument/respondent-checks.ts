/**
 * What lint checks of the pages respondents read, beyond the instrument's own checks:
 *
 * - the study says who is asking and why (respondent-information.ts): every field, every
 *   translated field in every language of the study;
 * - answer labels are translated: an option, scale point or grid item whose label reads the same
 *   in every language of an instrument (what `sameInAll` makes) is untranslated, unless the study
 *   lists its question in `sameInAllLanguages` with the reason (slogans as they ran). An instrument version a
 *   wave has opened with cannot change (its fingerprint is pinned), so its untranslated labels are
 *   reported as an exemption, not a problem; every other version fails.
 */
import type { DefinitionIssue } from './errors.ts';
import { instrumentRef, type Instrument } from './instrument.ts';
import type { Question } from './questions.ts';
import {
  respondentInformationFields,
  translatedInformationFields,
  type RespondentInformation,
} from './respondent-information.ts';
import { studyLanguageCodes, type Study } from './study.ts';
import { ownEntry, type Text } from './text.ts';

/** What the respondent checks found: problems, and the untranslated labels lint lets pass, said why. */
export interface RespondentReport {
  readonly issues: readonly DefinitionIssue[];
  readonly exemptions: readonly string[];
}

const fieldWords: Readonly<Record<keyof RespondentInformation, string>> = {
  sponsor: 'who sponsors the study',
  fieldwork: 'which organisation does the fieldwork',
  purpose: 'why the study asks',
  use: 'how answers are used',
  retention: 'how long answers are kept',
  voluntary: 'that taking part is voluntary and can stop at any time',
  contact: 'an address to write to',
  privacyNotice: 'where the full privacy notice is',
};

/** Every field of the study's respondent information, the translated ones in every language. */
export function checkRespondentInformation(study: Study): DefinitionIssue[] {
  const root = `study(${study.id}).respondentInformation`;
  const info = study.respondentInformation ?? {};
  const issues: DefinitionIssue[] = [];
  for (const field of respondentInformationFields) {
    if (info[field] === undefined)
      issues.push({
        code: 'missing_respondent_information',
        path: `${root}.${field}`,
        message: `the consent page must say ${fieldWords[field]}: the study has no respondentInformation.${field}`,
      });
  }
  for (const field of translatedInformationFields) {
    const text = info[field];
    if (text === undefined) continue;
    for (const lang of studyLanguageCodes(study))
      if (!ownEntry(text, lang)?.trim())
        issues.push({
          code: 'missing_translation',
          path: `${root}.${field}.${lang}`,
          lang,
          message: `respondentInformation.${field} has no "${lang}" translation`,
        });
  }
  return issues;
}

interface Label {
  readonly question: string;
  readonly path: string;
  readonly label: Text;
}

/** The labels of a question's answers: options, scale points, grid items. */
function answerLabels(q: Question, path: string): Label[] {
  const labels: Label[] = [];
  if ('options' in q)
    for (const o of q.options)
      labels.push({ question: q.code, path: `${path}.options[${o.code}].label`, label: o.label });
  if ('scale' in q)
    for (const p of q.scale) labels.push({ question: q.code, path: `${path}.scale[${p.code}].label`, label: p.label });
  if ('items' in q)
    for (const i of q.items) labels.push({ question: q.code, path: `${path}.items[${i.code}].label`, label: i.label });
  return labels;
}

/** The labels of `instrument` that read the same in every one of its languages, but those of the questions in `alike`. */
export function untranslatedLabels(instrument: Instrument, alike: ReadonlySet<string> = new Set()): Label[] {
  const langs = instrument.languages.map((l) => l.code);
  if (langs.length < 2) return [];
  const root = `instrument(${instrumentRef(instrument)})`;
  return instrument.blocks.flatMap((block) =>
    block.questions.flatMap((q) =>
      answerLabels(q, `${root}.blocks[${block.id}].questions[${q.code}]`).filter((l) => {
        if (alike.has(l.question)) return false;
        const first = ownEntry(l.label, langs[0] ?? '');
        return first !== undefined && langs.every((lang) => ownEntry(l.label, lang) === first);
      }),
    ),
  );
}

/** The waves that opened with `instrument` (their pinned fingerprint freezes it). */
function openedWith(study: Study, instrument: Instrument): string[] {
  return study.waves
    .filter(
      (w) =>
        w.status !== 'planned' &&
        w.instrumentFingerprint !== undefined &&
        w.instrument.id === instrument.id &&
        w.instrument.version === instrument.version,
    )
    .map((w) => w.id);
}

/** Untranslated answer labels: problems in versions still open to change, exemptions in frozen ones. */
export function checkLabelTranslations(study: Study): RespondentReport {
  const issues: DefinitionIssue[] = [];
  const exemptions: string[] = [];
  const alike = new Set(study.sameInAllLanguages.map((s) => s.question));
  const untranslated = new Map(study.instruments.map((i) => [i, untranslatedLabels(i, alike)]));
  for (const [instrument, labels] of untranslated) {
    if (labels.length === 0) continue;
    const waves = openedWith(study, instrument);
    if (waves.length === 0) {
      for (const l of labels)
        issues.push({
          code: 'untranslated_label',
          path: l.path,
          question: l.question,
          message: `answer label "${ownEntry(l.label, instrument.languages[0]?.code ?? '') ?? ''}" reads the same in every language: translate it (or, for names written alike everywhere, list the question in the study's sameInAllLanguages with the reason)`,
        });
      continue;
    }
    const fixedIn = study.instruments.find(
      (later) =>
        later.id === instrument.id &&
        Number(later.version) > Number(instrument.version) &&
        untranslated.get(later)?.length === 0,
    );
    const questions = [...new Set(labels.map((l) => l.question))].join(', ');
    exemptions.push(
      `${instrumentRef(instrument)}: ${labels.length} answer label${labels.length === 1 ? '' : 's'} of ${questions} read the same in every language — v${instrument.version} is fielded in ${waves.join(', ')} as is (its fingerprint is pinned)${fixedIn ? `; fixed in v${fixedIn.version}` : ''}`,
    );
  }
  return { issues, exemptions };
}

/** Every respondent check of a study. */
export function checkRespondentPages(study: Study): RespondentReport {
  const labels = checkLabelTranslations(study);
  const information = checkRespondentInformation(study);
  // Respondents meet a study through a wave's consent page: a study with no wave yet (a draft,
  // e.g. just imported from an XLSForm) is told what it needs before one is defined.
  if (study.waves.length === 0 && information.length > 0)
    return {
      issues: labels.issues,
      exemptions: [
        `${study.id}: no wave yet, so no consent page: before one is defined, write ${information.length} missing part${information.length === 1 ? '' : 's'} of respondentInformation (${[...new Set(information.map((i) => /respondentInformation\.(\w+)/.exec(i.path)?.[1] ?? i.path))].join(', ')})`,
        ...labels.exemptions,
      ],
    };
  return { issues: [...information, ...labels.issues], exemptions: labels.exemptions };
}
