/**
 * Grids: the export writes a grid question as a group (`appearance field-list`, `barometer`
 * `{"kind":"grid"}`) of one `select_one` per item named `CODE_ITEM`, all on the grid's scale;
 * the import reads such a group back as one grid question.
 */
import type { Condition, Text } from '../instrument/index.ts';
import type { BuiltQuestion } from './build-question.ts';
import { questionCode, type Draft } from './cells.ts';

export interface GridInProgress {
  readonly row: number;
  readonly name: string;
  readonly text?: Text;
  readonly help?: Text;
  readonly showIf?: Condition;
  readonly extras: Draft;
  readonly items: BuiltQuestion[];
  failed: boolean;
}

/** The grid question a grid group's items make, or why they cannot make one. */
export function finishGrid(grid: GridInProgress): { built: BuiltQuestion } | { reason: string } {
  const code = questionCode(grid.name);
  if (!code) return { reason: `"${grid.name}" cannot be a question code` };
  if (!grid.text) return { reason: 'a grid group needs a label (the question)' };
  const [first] = grid.items;
  if (!first) return { reason: 'a grid group needs at least one select_one item' };
  const scale = first.draft.options;
  const items: Draft[] = [];
  for (const item of grid.items) {
    if (item.kind !== 'single' || !item.code.startsWith(`${code}_`))
      return { reason: `grid items are select_one questions named ${code}_ITEM (found ${item.code})` };
    if (JSON.stringify(item.draft.options) !== JSON.stringify(scale) || item.draft.required !== first.draft.required)
      return { reason: `the items of grid ${code} must share one list and one required` };
    items.push({ code: item.code.slice(code.length + 1), label: item.draft.text });
  }
  const draft: Draft = {
    kind: 'grid',
    code,
    text: grid.text,
    ...(grid.help ? { help: grid.help } : {}),
    ...(grid.showIf ? { showIf: grid.showIf } : {}),
    required: first.draft.required,
    ...(first.draft.missing !== undefined ? { missing: first.draft.missing } : {}),
    items,
    scale,
    ...grid.extras,
  };
  return {
    built: {
      code,
      kind: 'grid',
      draft,
      optionCodes: first.optionCodes,
      conditions: grid.showIf ? [grid.showIf] : [],
      missingLabels: first.missingLabels,
    },
  };
}
