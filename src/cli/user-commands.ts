import { anyAccountExists, findAccountRowByEmail, listAccounts } from '../accounts/account-repository.js';
import { addPerson, createOwner, hashedPerson, resetPassword, setDisabled } from '../accounts/account-service.js';
import { NotFoundError } from '../domain-errors.js';
import { requireString, type CliCommand } from './command.js';
import { openMigrated } from './open-migrated.js';
import { readPassword } from './read-password.js';

const addUser: CliCommand = {
  name: 'user add',
  usage: 'user add --email EMAIL --name NAME',
  summary: 'Add an account; the password is read from standard input. The first account becomes the owner.',
  help: 'Example: printf "%s\\n" "$PASSWORD" | coreview user add --email ada@example.org --name "Ada L."',
  options: { email: { type: 'string' }, name: { type: 'string' } },
  async run(values, io, config) {
    const email = requireString(values, 'email').toLowerCase();
    const name = requireString(values, 'name');
    const password = await readPassword(io, `Password for ${email}: `);
    const db = await openMigrated(config());
    try {
      if (await anyAccountExists(db.kysely)) {
        await addPerson(db.kysely, null, await hashedPerson({ email, name, password }));
        io.out(`Added ${name} <${email}> with a temporary password; they are asked to change it.`);
      } else {
        await createOwner(db.kysely, { email, name, password });
        io.out(`Added ${name} <${email}> as the owner of this Coreview.`);
      }
    } finally {
      await db.close();
    }
  },
};

const listUsers: CliCommand = {
  name: 'user list',
  usage: 'user list',
  summary: 'List accounts.',
  options: {},
  async run(_values, io, config) {
    const db = await openMigrated(config());
    try {
      for (const a of await listAccounts(db.kysely)) {
        io.out([a.email, a.name, a.isOwner ? 'owner' : 'member', a.disabled ? 'disabled' : 'active'].join('\t'));
      }
    } finally {
      await db.close();
    }
  },
};

function toggleUser(disabled: boolean): CliCommand {
  const verb = disabled ? 'disable' : 'enable';
  return {
    name: `user ${verb}`,
    usage: `user ${verb} --email EMAIL`,
    summary: disabled ? 'Disable an account and end its sessions.' : 'Enable a disabled account.',
    options: { email: { type: 'string' } },
    async run(values, io, config) {
      const email = requireString(values, 'email');
      const db = await openMigrated(config());
      try {
        const row = await findAccountRowByEmail(db.kysely, email);
        if (!row) throw new NotFoundError(`No account uses ${email}.`);
        await setDisabled(db.kysely, null, row.id, disabled);
        io.out(`${email} is ${disabled ? 'disabled' : 'enabled'}.`);
      } finally {
        await db.close();
      }
    },
  };
}

const resetUserPassword: CliCommand = {
  name: 'user password',
  usage: 'user password --email EMAIL',
  summary: 'Set a temporary password (from standard input) and end the sessions; changed at next sign-in.',
  help: 'For anyone who lost their password, the owner included. Example: printf "%s\\n" "$TEMPORARY" | coreview user password --email ada@example.org',
  options: { email: { type: 'string' } },
  async run(values, io, config) {
    const email = requireString(values, 'email');
    const password = await readPassword(io, `Temporary password for ${email}: `);
    const db = await openMigrated(config());
    try {
      const row = await findAccountRowByEmail(db.kysely, email);
      if (!row) throw new NotFoundError(`No account uses ${email}.`);
      await resetPassword(db.kysely, null, row.id, password);
      io.out(`${row.email} has a temporary password; their sessions have ended, and they choose their own when they next sign in.`);
    } finally {
      await db.close();
    }
  },
};

export const userCommands: CliCommand[] = [addUser, listUsers, toggleUser(true), toggleUser(false), resetUserPassword];
