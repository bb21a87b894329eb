import type { CliCommand } from '../io.ts';
import { serveCommand } from './serve.ts';

/** Every `barometer` command, in the order `barometer help` lists them. */
export const commands: readonly CliCommand[] = [serveCommand];
