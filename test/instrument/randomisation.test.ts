import { describe, expect, it } from 'vitest';
import {
  PresentationOrder,
  defineInstrument,
  presentationOrder,
  renderPage,
  seededRandom,
  shuffleWithAnchors,
  type Text,
} from '../../src/instrument/index.ts';

const en = (s: string): Text => ({ en: s });
const letters = ['a', 'b', 'c', 'd', 'e', 'f'];

const instrument = defineInstrument({
  id: 'random',
  version: '1',
  title: en('Random'),
  languages: [{ code: 'en', name: 'English', dir: 'ltr' }],
  missingLabels: { dont_know: en("Don't know"), refused: en('Refused') },
  randomizeBlocks: true,
  blocks: [
    { id: 'first', anchor: true, questions: [{ kind: 'info', code: 'HELLO', text: en('Hello') }] },
    {
      id: 'p1',
      randomizeQuestions: true,
      questions: [
        {
          kind: 'single',
          code: 'PICK',
          text: en('Pick'),
          randomize: true,
          missing: ['dont_know', 'refused'],
          options: [
            { code: 'none', label: en('None'), anchor: true },
            ...letters.map((c) => ({ code: c, label: en(c.toUpperCase()) })),
            { code: 'other', label: en('Other'), anchor: true },
          ],
        },
        { kind: 'text', code: 'T1', text: en('t1') },
        { kind: 'text', code: 'T2', text: en('t2') },
        { kind: 'text', code: 'T3', text: en('t3') },
        {
          kind: 'grid',
          code: 'GRID',
          text: en('Grid'),
          randomizeItems: true,
          items: ['I1', 'I2', 'I3', 'I4'].map((c) => ({ code: c, label: en(c) })),
          scale: [
            { code: 'y', label: en('Y') },
            { code: 'n', label: en('N') },
          ],
        },
      ],
    },
    { id: 'p2', questions: [{ kind: 'text', code: 'P2', text: en('p2') }] },
    { id: 'p3', questions: [{ kind: 'text', code: 'P3', text: en('p3') }] },
    { id: 'p4', questions: [{ kind: 'text', code: 'P4', text: en('p4') }] },
    { id: 'last', anchor: true, questions: [{ kind: 'info', code: 'BYE', text: en('Bye') }] },
  ],
});

const seeds = Array.from({ length: 60 }, (_, i) => `session-${i}`);

describe('seeded randomisation', () => {
  it('the PRNG is deterministic and in [0, 1)', () => {
    const a = seededRandom('x');
    const b = seededRandom('x');
    const draws = Array.from({ length: 1000 }, () => a());
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(draws.every((d) => d >= 0 && d < 1)).toBe(true);
    expect(Math.abs(draws.reduce((s, d) => s + d, 0) / 1000 - 0.5)).toBeLessThan(0.05);
  });

  it('the same seed gives the same order (a resumed session sees what it saw)', () => {
    expect(presentationOrder(instrument, 'resume-me')).toEqual(presentationOrder(instrument, 'resume-me'));
  });

  it('the order is pinned: changing the algorithm would reorder resumed sessions', () => {
    const order = presentationOrder(instrument, 'pinned');
    expect(order.options.PICK).toEqual(['none', 'd', 'c', 'a', 'b', 'e', 'f', 'other']);
    expect(order.blocks).toEqual(['first', 'p3', 'p4', 'p2', 'p1', 'last']);
  });

  it('anchored options and blocks keep their position for every seed', () => {
    for (const seed of seeds) {
      const order = presentationOrder(instrument, seed);
      const options = order.options.PICK ?? [];
      expect(options[0]).toBe('none');
      expect(options.at(-1)).toBe('other');
      expect([...options].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'none', 'other']);
      expect(order.blocks[0]).toBe('first');
      expect(order.blocks.at(-1)).toBe('last');
      expect([...(order.questions.p1 ?? [])].sort()).toEqual(['GRID', 'PICK', 'T1', 'T2', 'T3']);
      expect([...(order.items.GRID ?? [])].sort()).toEqual(['I1', 'I2', 'I3', 'I4']);
    }
  });

  it('different seeds give different orders, each option reaching several positions', () => {
    const orders = seeds.map((s) => presentationOrder(instrument, s));
    expect(new Set(orders.map((o) => o.options.PICK?.join())).size).toBeGreaterThan(30);
    expect(new Set(orders.map((o) => o.blocks.join())).size).toBeGreaterThan(10);
    const positionsOfA = new Set(orders.map((o) => o.options.PICK?.indexOf('a')));
    expect(positionsOfA).toEqual(new Set([1, 2, 3, 4, 5, 6]));
  });

  it('streams are independent: one question’s order does not depend on other questions', () => {
    const fewer = defineInstrument({
      ...instrument,
      blocks: instrument.blocks.filter((b) => b.id === 'p1'),
    });
    for (const seed of seeds.slice(0, 10)) {
      expect(presentationOrder(fewer, seed).options.PICK).toEqual(presentationOrder(instrument, seed).options.PICK);
    }
  });

  it('shuffleWithAnchors leaves anchored items in place', () => {
    const items = ['A', 'x', 'y', 'B', 'z', 'C'];
    const out = shuffleWithAnchors(items, (i) => i === i.toUpperCase(), seededRandom('s'));
    expect([out[0], out[3], out[5]]).toEqual(['A', 'B', 'C']);
    expect([...out].sort()).toEqual([...items].sort());
  });

  it('renders options in the recorded order with missing codes last, also after a JSON round trip', () => {
    const order = PresentationOrder.parse(JSON.parse(JSON.stringify(presentationOrder(instrument, 'stored'))));
    const page = renderPage(instrument, { blockId: 'p1', lang: 'en', answers: {}, order });
    expect(page.questions.map((q) => q.code)).toEqual(order.questions.p1);
    const pick = page.questions.find((q) => q.code === 'PICK');
    expect(pick?.options.map((o) => o.code)).toEqual([...(order.options.PICK ?? []), 'dont_know', 'refused']);
    expect(pick?.options.slice(-2)).toEqual([
      { code: 'dont_know', label: "Don't know", missing: true },
      { code: 'refused', label: 'Refused', missing: true },
    ]);
    expect(page.questions.find((q) => q.code === 'GRID')?.items.map((i) => i.code)).toEqual(order.items.GRID);
  });

  it('records only what was shuffled; the rest is shown in the definition order', () => {
    const order = presentationOrder(instrument, 'compact');
    expect(Object.keys(order.questions)).toEqual(['p1']);
    expect(Object.keys(order.options)).toEqual(['PICK']);
    expect(Object.keys(order.items)).toEqual(['GRID']);
    const page = renderPage(instrument, { blockId: 'p1', lang: 'en', answers: {}, order });
    const grid = page.questions.find((q) => q.code === 'GRID');
    expect(grid?.options.map((o) => o.code)).toEqual(['y', 'n']);
    expect(
      renderPage(instrument, { blockId: 'p2', lang: 'en', answers: {}, order }).questions.map((q) => q.code),
    ).toEqual(['P2']);
  });

  it('an order stored in full (before orders were compact) still renders as recorded', () => {
    const full = {
      ...presentationOrder(instrument, 'full'),
      questions: { p1: ['T3', 'GRID', 'PICK', 'T2', 'T1'], p2: ['P2'] },
      options: { PICK: ['other', 'e', 'd', 'c', 'b', 'a', 'none'], GRID: ['n', 'y'] },
    };
    const page = renderPage(instrument, {
      blockId: 'p1',
      lang: 'en',
      answers: {},
      order: PresentationOrder.parse(full),
    });
    expect(page.questions.map((q) => q.code)).toEqual(['T3', 'GRID', 'PICK', 'T2', 'T1']);
    expect(page.questions.find((q) => q.code === 'GRID')?.options.map((o) => o.code)).toEqual(['n', 'y']);
  });
});
