import { parseArgs } from 'node:util';
import { tokenRoles, type TokenRole } from '../../../db/schema.ts';
import { waveIdByCode } from '../../collection/definitions.ts';
import { createInterviewerLink } from '../../collection/interviewer.ts';
import { createApiToken, revokeApiToken } from '../../collection/tokens.ts';
import { AppError } from '../../errors.ts';
import { databaseOptions, databaseUsage, openDatabase } from '../database.ts';
import { CliError, type CliCommand } from '../io.ts';

function isRole(value: string): value is TokenRole {
  return tokenRoles.some((r) => r === value);
}

export const command: CliCommand = {
  usage: `barometer token create --name NAME --role admin|researcher|viewer|interviewer [--wave CODE [--study ID]] [options]
barometer token revoke ID [options]

Prints the new token once; only its hash is stored. Use it as "Authorization: Bearer <token>".
An interviewer token opens interviews (phone, face to face) at /i/WAVE-ID and nothing of the
researcher API; its id is the interviewer id recorded with each interview.
With --wave (interviewer role only), prints instead a per-interviewer link to that wave,
/i/WAVE-ID?link=SECRET (after BAROMETER_PUBLIC_URL when set): it opens the interviewer's start
page without typing a token, in that wave only. Its secret is stored hashed and shown only once.
revoke ID: the token or link with that id (printed on stderr at creation) opens nothing any more.
${databaseUsage}`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        name: { type: 'string' },
        role: { type: 'string' },
        wave: { type: 'string' },
        study: { type: 'string' },
        ...databaseOptions,
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals[0] === 'revoke') {
      const id = positionals[1];
      if (id === undefined || positionals.length !== 2) throw new CliError('expected "barometer token revoke ID"');
      const { handle } = await openDatabase(io.env, values, io.stderr);
      try {
        if (!(await revokeApiToken(handle.db, id, { actor: 'cli' }))) throw new CliError(`no token with id "${id}"`, 1);
        io.stderr(`revoked token ${id}\n`);
        return 0;
      } finally {
        await handle.close();
      }
    }
    if (positionals[0] !== 'create' || positionals.length !== 1)
      throw new CliError('expected "barometer token create --name NAME --role ROLE" or "barometer token revoke ID"');
    const name = values.name?.trim();
    if (!name) throw new CliError('--name is required (who or what the token is for)');
    const role = values.role ?? '';
    if (!isRole(role)) throw new CliError(`--role must be one of ${tokenRoles.join(', ')} (got "${role}")`);
    if (values.wave !== undefined && role !== 'interviewer')
      throw new CliError(`--wave makes a per-interviewer link: give --role interviewer (got "${role}")`);
    const { handle } = await openDatabase(io.env, values, io.stderr);
    try {
      if (values.wave !== undefined) {
        const waveId = await waveIdByCode(handle.db, values.wave, values.study);
        const link = await createInterviewerLink(handle.db, { waveId, name, actor: 'cli' });
        const origin = (io.env.BAROMETER_PUBLIC_URL ?? '').replace(/\/+$/, '');
        io.stdout(`${origin}${link.path}\n`);
        io.stderr(
          `created interviewer link "${name}" for wave ${values.wave} (id ${link.id}); it is shown only this once\n`,
        );
        return 0;
      }
      const { id, token } = await createApiToken(handle.db, { name, role, actor: 'cli' });
      io.stdout(`${token}\n`);
      io.stderr(`created ${role} token "${name}" (id ${id}); it is shown only this once\n`);
      return 0;
    } catch (err) {
      if (err instanceof AppError) throw new CliError(err.message, 1);
      throw err;
    } finally {
      await handle.close();
    }
  },
};
