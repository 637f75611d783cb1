import { say, UsageError, type Command } from './command.ts';
import { openMediaStorage, withDatabase } from './database.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  usage: ['migrate                            apply pending database migrations'],
  async run({ config }) {
    await withDatabase(config, async () => say('The database is up to date.'));
    return 0;
  },
};

export const seedCommand: Command = {
  name: 'seed',
  usage: ['seed --demo                        load the demo edition into an empty database'],
  options: { demo: { type: 'boolean' } },
  async run({ config, values }) {
    if (!values.demo) throw new UsageError('seed needs --demo (the only seed there is).');
    await withDatabase(config, async (database) => {
      const { seedDemo, isEmpty } = await import('../demo/index.ts');
      if (!(await isEmpty(database))) throw new UsageError('The database already has content; the demo loads only into an empty one.');
      const storage = await openMediaStorage(config);
      try {
        await seedDemo(database, storage);
      } finally {
        await storage.close();
      }
      say('Loaded the demo edition.');
    });
    return 0;
  },
};

export const tokenCreateCommand: Command = {
  name: 'token create',
  usage: ['token create --name NAME           create an Admin API token (printed alone on the last line)'],
  options: { name: { type: 'string' } },
  async run({ config, values }) {
    const name = typeof values.name === 'string' ? values.name.trim() : '';
    if (!name) throw new UsageError('token create needs --name NAME (what the token is for).');
    await withDatabase(config, async (database) => {
      const { createToken } = await import('../newsroom/index.ts');
      const token = await createToken(database.db, name);
      say(`Created Admin API token "${token.name}" (${token.id}). It is shown once; store it now.`);
      process.stdout.write(`${token.token}\n`);
    });
    return 0;
  },
};

export const userCreateCommand: Command = {
  name: 'user create',
  usage: ['user create --email EMAIL --role ROLE'],
  options: { email: { type: 'string' }, role: { type: 'string' } },
  async run({ config, values }) {
    const { email, role } = values;
    if (typeof email !== 'string' || typeof role !== 'string') throw new UsageError('user create needs --email EMAIL and --role ROLE.');
    await withDatabase(config, async (database) => {
      const { createUser } = await import('../accounts/index.ts');
      const user = await createUser(database.db, { email, role });
      say(`Created ${user.role} ${user.email}.`);
      process.stdout.write(`${user.id}\n`);
    });
    return 0;
  },
};
