/**
 * `npm run operator -- grant <email>` / `revoke <email>`: makes a user platform staff (or not).
 * Operators must also turn on two-factor authentication before the operator API lets them in.
 */
import { config } from '../config';
import { createSql } from '../db/client';
import { writeAudit } from '../tenancy/audit';

const LOCAL_DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:54329/rota';

async function main(): Promise<number> {
  const [action, email] = process.argv.slice(2);
  if ((action !== 'grant' && action !== 'revoke') || !email) {
    process.stderr.write('Usage: npm run operator -- grant|revoke <email>\n');
    return 2;
  }
  const sql = createSql(config().DATABASE_URL ?? LOCAL_DATABASE_URL, { max: 1 });
  try {
    const changed = await sql.begin(async (tx) => {
      const rows = await tx`
        update platform."user" set "platformRole" = ${action === 'grant' ? 'operator' : null}
        where email = ${email.toLowerCase()} returning id`;
      if (rows[0]) {
        await writeAudit(tx, {
          actor: 'system:operator-cli',
          action: action === 'grant' ? 'operator.granted' : 'operator.revoked',
          details: { userId: rows[0].id, email },
        });
      }
      return rows.length;
    });
    process.stdout.write(
      changed
        ? `${action === 'grant' ? 'Granted' : 'Revoked'} operator access for ${email}.\n`
        : `No user with email ${email}.\n`,
    );
    return changed ? 0 : 1;
  } finally {
    await sql.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
    process.exit(2);
  },
);
