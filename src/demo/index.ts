/**
 * The demo world, end to end: simulated respondents answer the flagship study's three waves
 * through the collection service, each wave is weighted (which materialises its indicator
 * series), and the estimates are set beside the simulation's known truths.
 *
 * `buildDemoWorld` is what `barometer demo` and `npm start` on an empty database run;
 * `simulatedWorld` (world.ts) gives the truths without touching a database.
 */
export {
  SIMULATED_CAMPAIGNS,
  FALSE_RECALL,
  FICTITIOUS_SLOGAN,
  MESSAGE_EFFECTS,
  SLOGAN_FALSE_RECALL,
  SLOGAN_RECALL_AWARE,
  type SimulatedCampaign,
} from './campaigns.ts';
export {
  simulatedWorld,
  TRUTH_INDICATORS,
  type SimulatedWorld,
  type TruthGeography,
  type TruthIndicator,
} from './world.ts';
export { DemoError, type DemoProgress, type DemoSize } from './build.ts';
export { buildDemoWorld, compareWithTruth, type DemoComparison, type DemoEvent, type DemoResult } from './pipeline.ts';
