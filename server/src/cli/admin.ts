import { parseArgs } from 'node:util';
import { EmailSchema, Limits } from '@crosswalk/shared';
import { hashToken, newToken } from '../modules/auth/tokens.ts';
import { InvitationsRepository } from '../modules/invitations/invitations.repository.ts';
import { UsersRepository } from '../modules/users/users.repository.ts';
import { withDatabase } from './bootstrap.ts';

const USAGE = `Usage: pnpm admin create --email <address> [--name "Full Name"]

Creates a platform administrator and prints a single-use link to choose a password.`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { email: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean' } },
});

const email = EmailSchema.safeParse(values.email ?? '');
if (values.help || positionals[0] !== 'create' || !email.success) {
  process.stderr.write(`${values.email && !email.success ? 'That email address is not valid.\n\n' : ''}${USAGE}\n`);
  process.exit(values.help ? 0 : 2);
}

await withDatabase(async (db, config) => {
  const users = new UsersRepository(db.sql);
  const invitations = new InvitationsRepository(db.sql);
  const existing = await users.findByEmail(email.data);
  if (existing?.passwordHash) {
    await db.sql`update users set is_admin = true where id = ${existing.id}`;
    process.stdout.write(`${email.data} already had an account; it is now an administrator.\n`);
    return;
  }
  const token = newToken();
  await db.sql.begin(async (tx) => {
    const user =
      existing ??
      (await users.create({ email: email.data, displayName: values.name ?? 'Administrator', isAdmin: true }, tx));
    await tx`update users set is_admin = true where id = ${user.id}`;
    await invitations.revokeOpenFor(user.id, tx);
    await invitations.create(
      {
        tokenHash: hashToken(token),
        userId: user.id,
        invitedBy: null,
        expiresAt: new Date(Date.now() + Limits.invitationValidHours * 3_600_000),
      },
      tx,
    );
  });
  const origin = config.publicUrl ?? `http://localhost:${config.port}`;
  process.stdout.write(
    `Administrator ${email.data} created. Open this link within ${Limits.invitationValidHours / 24} days to choose a password:\n\n  ${origin}/invite#${token}\n\n`,
  );
});
