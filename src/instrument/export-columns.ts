/**
 * Export columns derived from the definition, for CSV/SPSS-like exporters: one column per
 * question code (grid items as `CODE_ITEM`; info texts have none). A value is exported either
 * as codes (`exportValue(..., { labelled: false })`) or as labels in a language (the
 * "labelled" variant, conventionally in a column named `labelledName`).
 *
 * Cell values: single/scale → option code; multiple → option codes joined by `;`
 * (definition order); ranking → codes joined by `;` in ranked order; numeric → number;
 * text → string; consent → `true`/`false`; missing → the missing code (`dont_know`, `refused`,
 * `not_asked`, `break_off`); no answer → null.
 */
import { isMissing, type Answers, type MissingCode } from './codes.ts';
import type { Experiment } from './experiments.ts';
import type { Instrument } from './instrument.ts';
import { offeredMissing, optionsOf, type Question } from './questions.ts';
import type { Text } from './text.ts';

export interface ExportValueLabel {
  readonly code: string;
  readonly label?: Text;
  /** Numeric code of the option, when defined. */
  readonly value?: number;
  readonly missing: boolean;
}

export interface ExportColumn {
  /** Column name: the question code, or `CODE_ITEM` for grid items. */
  readonly name: string;
  /** Conventional name of the labelled variant: `${name}_label`. */
  readonly labelledName: string;
  readonly question: string;
  readonly item?: string;
  /** The question's kind, or `experiment` for the arm a respondent was assigned to. */
  readonly kind: Question['kind'] | 'experiment';
  /** Storage type of the coded value (missing codes are always strings). */
  readonly type: 'code' | 'codes' | 'number' | 'text' | 'boolean';
  /** Question text (for grid items: the item label), per language. */
  readonly label: Text;
  readonly questionText: Text;
  /** Value labels: options in definition order, then the missing codes that can occur. */
  readonly values: readonly ExportValueLabel[];
}

const SYSTEM_MISSING: readonly MissingCode[] = ['not_asked', 'break_off'];

function valueLabels(instrument: Instrument, q: Question): ExportValueLabel[] {
  const options = optionsOf(q);
  return [
    ...options.map((o) => ({
      code: o.code,
      label: o.label,
      ...(o.value !== undefined ? { value: o.value } : {}),
      missing: false,
    })),
    ...offeredMissing(q).map((m) => {
      const label = instrument.missingLabels[m];
      return { code: m, ...(label ? { label } : {}), missing: true };
    }),
    ...SYSTEM_MISSING.map((m) => ({ code: m, missing: true })),
  ];
}

const TYPE: Record<Question['kind'], ExportColumn['type']> = {
  single: 'code',
  scale: 'code',
  grid: 'code',
  multiple: 'codes',
  ranking: 'codes',
  numeric: 'number',
  text: 'text',
  consent: 'boolean',
  info: 'text',
};

/** The column of an experiment's assigned arm (empty for respondents who never reached it). */
function experimentColumn(experiment: Experiment): ExportColumn {
  return {
    name: experiment.code,
    labelledName: `${experiment.code}_label`,
    question: experiment.code,
    kind: 'experiment',
    type: 'code',
    label: experiment.label,
    questionText: experiment.label,
    values: experiment.arms.map((a) => ({ code: a.code, label: a.label, missing: false })),
  };
}

/** The export columns of an instrument, in definition order (an experiment's arm before its block's questions). */
export function exportColumns(instrument: Instrument): ExportColumn[] {
  return instrument.blocks.flatMap((block) => [
    ...(block.experiment ? [experimentColumn(block.experiment)] : []),
    ...block.questions.flatMap((q): ExportColumn[] => {
      if (q.kind === 'info') return [];
      const values = valueLabels(instrument, q);
      const base = { question: q.code, kind: q.kind, type: TYPE[q.kind], questionText: q.text, values };
      if (q.kind === 'grid') {
        return q.items.map((item) => ({
          ...base,
          name: `${q.code}_${item.code}`,
          labelledName: `${q.code}_${item.code}_label`,
          item: item.code,
          label: item.label,
        }));
      }
      return [{ ...base, name: q.code, labelledName: `${q.code}_label`, label: q.text }];
    }),
  ]);
}

/**
 * The cell of `column` for one respondent. With `labelled`, option codes become their labels in
 * `lang` (missing codes keep their code unless the instrument labels them).
 */
export function exportValue(
  column: ExportColumn,
  answers: Readonly<Answers>,
  opts: { labelled?: boolean; lang?: string } = {},
): string | number | boolean | null {
  const raw = answers[column.question];
  const value =
    column.item !== undefined && typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !isMissing(raw)
      ? raw[column.item]
      : raw;
  if (value === undefined) return null;
  const label = (code: string) => {
    if (!opts.labelled) return code;
    const found = column.values.find((v) => v.code === code)?.label;
    return (opts.lang ? found?.[opts.lang] : undefined) ?? code;
  };
  if (isMissing(value)) return label(value.missing);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return column.type === 'text' ? value : label(value);
  if (Array.isArray(value)) return value.map(label).join(';');
  return null;
}
