/**
 * A lean study for `npm run bench:ingest`: one open wave of a one-page instrument, so that one
 * complete respondent flow is start + answer the page + submit (3 requests, the least the goal
 * counts as a flow). Not a real study; it lives under bench/ and is loaded only through
 * BAROMETER_DEFINITIONS by the benchmark. The flagship's full flow is measured in the same run.
 */
import { defineInstrument, defineStudy, defineWave, type Text } from '../../../src/instrument/index.ts';
import { instrumentFingerprint } from '../../../src/instrument/fingerprint.ts';

const en = (text: string): Text => ({ en: text });
const agree = [
  { code: 'agree', label: en('Agree') },
  { code: 'neutral', label: en('Neither') },
  { code: 'disagree', label: en('Disagree') },
];

const instrument = defineInstrument({
  id: 'bench-pulse',
  version: '1',
  title: en('Bench pulse'),
  languages: [{ code: 'en', name: 'English', dir: 'ltr' }],
  blocks: [
    {
      id: 'about',
      questions: [
        { kind: 'numeric', code: 'AGE', text: en('How old are you?'), min: 15, max: 99 },
        {
          kind: 'single',
          code: 'SEX',
          text: en('Are you…'),
          options: [
            { code: 'female', label: en('Female') },
            { code: 'male', label: en('Male') },
          ],
        },
        { kind: 'single', code: 'MIG_GOOD', text: en('Immigration is good for this country.'), options: agree },
        { kind: 'single', code: 'MIG_JOBS', text: en('Migrants fill jobs that are hard to fill.'), options: agree },
      ],
    },
  ],
});

export default defineStudy({
  id: 'bench-pulse',
  title: en('Bench pulse'),
  instruments: [instrument],
  waves: [
    defineWave({
      id: 'bench-1',
      year: 2026,
      instrument: { id: 'bench-pulse', version: '1' },
      // Bench-only: pinned to whatever the instrument above hashes to.
      instrumentFingerprint: instrumentFingerprint(instrument),
      fieldPeriod: { start: '2026-01-01', end: '2026-12-31' },
      status: 'fielding',
      countries: [
        {
          iso3: 'GBR',
          name: 'United Kingdom',
          region: 'Europe',
          adultPopulation: {
            value: 55_000_000,
            source: { title: 'bench placeholder', publisher: 'Barometer bench', year: 2026 },
          },
          targetCompletes: 1000,
          margins: [],
        },
      ],
    }),
  ],
});
