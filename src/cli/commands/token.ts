import { parseArgs } from 'node:util';
import { tokenRoles, type TokenRole } from '../../../db/schema.ts';
import { createApiToken } from '../../collection/tokens.ts';
import { databaseOptions, databaseUsage, openDatabase } from '../database.ts';
import { CliError, type CliCommand } from '../io.ts';

function isRole(value: string): value is TokenRole {
  return tokenRoles.some((r) => r === value);
}

export const command: CliCommand = {
  usage: `barometer token create --name NAME --role admin|researcher|viewer|interviewer [options]

Prints the new token once; only its hash is stored. Use it as "Authorization: Bearer <token>".
An interviewer token opens interviews (phone, face to face) at /i/WAVE-ID and nothing of the
researcher API; its id is the interviewer id recorded with each interview.
${databaseUsage}`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { name: { type: 'string' }, role: { type: 'string' }, ...databaseOptions },
      allowPositionals: true,
      strict: true,
    });
    if (positionals[0] !== 'create' || positionals.length !== 1)
      throw new CliError('expected "barometer token create --name NAME --role ROLE"');
    const name = values.name?.trim();
    if (!name) throw new CliError('--name is required (who or what the token is for)');
    const role = values.role ?? '';
    if (!isRole(role)) throw new CliError(`--role must be one of ${tokenRoles.join(', ')} (got "${role}")`);
    const { handle } = await openDatabase(io.env, values, io.stderr);
    try {
      const { id, token } = await createApiToken(handle.db, { name, role, actor: 'cli' });
      io.stdout(`${token}\n`);
      io.stderr(`created ${role} token "${name}" (id ${id}); it is shown only this once\n`);
      return 0;
    } finally {
      await handle.close();
    }
  },
};
