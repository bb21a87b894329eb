/**
 * The `type` column of the survey sheet → what Barometer does with the row: a question kind it
 * imports, a group boundary, or the reason it cannot (repeats, calculations, media, geo,
 * metadata…). Types are matched in any case, with runs of spaces and `_`/space variants
 * (`begin group`, `begin_group`, `select one from list`).
 */

export type RowType =
  | { readonly row: 'question'; readonly kind: 'single' | 'multiple'; readonly list: string; readonly orOther: boolean }
  | { readonly row: 'question'; readonly kind: 'ranking'; readonly list: string; readonly orOther: false }
  | {
      readonly row: 'question';
      readonly kind: 'integer' | 'decimal' | 'range' | 'text' | 'date' | 'note' | 'acknowledge';
    }
  | { readonly row: 'begin_group' | 'end_group' | 'begin_repeat' | 'end_repeat' | 'calculate' }
  | { readonly row: 'unsupported'; readonly reason: string };

const METADATA = new Set([
  'start',
  'end',
  'today',
  'deviceid',
  'subscriberid',
  'simserial',
  'phonenumber',
  'username',
  'email',
  'audit',
  'start-geopoint',
  'uri:deviceid',
  'uri:subscriberid',
  'uri:simserial',
  'uri:phonenumber',
  'uri:username',
  'uri:email',
]);
const MEDIA = new Set(['image', 'audio', 'video', 'file', 'background-audio', 'photo']);
const GEO = new Set(['geopoint', 'geotrace', 'geoshape', 'osm']);

const SIMPLE: Readonly<Record<string, 'integer' | 'decimal' | 'range' | 'text' | 'date' | 'note' | 'acknowledge'>> = {
  range: 'range',
  integer: 'integer',
  int: 'integer',
  decimal: 'decimal',
  text: 'text',
  string: 'text',
  date: 'date',
  note: 'note',
  acknowledge: 'acknowledge',
  trigger: 'acknowledge',
};

const unsupported = (reason: string): RowType => ({ row: 'unsupported', reason });

/** What the `type` cell of a survey row means for the import. */
export function rowType(cell: string): RowType {
  const words = cell.trim().replace(/\s+/g, ' ').split(' ');
  const head = (words[0] ?? '').toLowerCase();
  const rest = words.slice(1);
  const lowerRest = rest.map((w) => w.toLowerCase());
  const joined = [head, ...lowerRest].join(' ').replace(/_/g, ' ');
  if (joined === 'begin group') return { row: 'begin_group' };
  if (joined === 'end group') return { row: 'end_group' };
  if (joined === 'begin repeat') return { row: 'begin_repeat' };
  if (joined === 'end repeat') return { row: 'end_repeat' };
  if (head === 'calculate') return { row: 'calculate' };
  const selectKind =
    head === 'select_one' || head === 'select_multiple'
      ? head.slice(7)
      : head === 'select' && (lowerRest[0] === 'one' || lowerRest[0] === 'multiple')
        ? lowerRest[0]
        : undefined;
  if (selectKind) {
    const args = head === 'select' ? rest.slice(1) : rest;
    const listArgs = args[0]?.toLowerCase() === 'from' ? args.slice(1) : args;
    const [list, ...more] = listArgs;
    if (!list) return unsupported(`select_${selectKind} needs a choice list name`);
    const orOther = more.length === 1 && more[0]?.toLowerCase() === 'or_other';
    if (more.length > 0 && !orOther) return unsupported(`"${more.join(' ')}" after the list name is not understood`);
    return { row: 'question', kind: selectKind === 'one' ? 'single' : 'multiple', list, orOther };
  }
  if (/^select_(one|multiple)_(from_file|external)$/.test(head) || head === 'select_one_external')
    return unsupported('choices from external files are not supported');
  if (head === 'rank') {
    const [list, ...more] = rest;
    if (!list || more.length > 0) return unsupported('rank needs one choice list name');
    return { row: 'question', kind: 'ranking', list, orOther: false };
  }
  if (rest.length > 0) return unsupported(`unknown type "${cell.trim()}"`);
  const simple = SIMPLE[head];
  if (simple) return { row: 'question', kind: simple };
  if (METADATA.has(head))
    return unsupported(`metadata field ${head} is not supported (Barometer records its own paradata)`);
  if (MEDIA.has(head)) return unsupported(`${head} questions (media) are not supported`);
  if (GEO.has(head)) return unsupported(`${head} questions (geo) are not supported`);
  if (head === 'time' || head === 'datetime') return unsupported(`${head} questions are not supported`);
  if (head === 'barcode') return unsupported('barcode questions are not supported');
  if (head === 'hidden') return unsupported('hidden fields are not supported');
  if (head === 'xml-external' || head === 'csv-external') return unsupported('external data is not supported');
  return unsupported(`unknown type "${cell.trim()}"`);
}
