import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SchemaColumn } from '../../platform/db/columns.ts';
import { coverageProblems, isPersonal } from './coverage.ts';
import type { PersonalDataPart } from './registry.ts';

const column = (table: string, name: string, references: string | null = null): SchemaColumn => ({ table, column: name, references });
const part = (covers: PersonalDataPart['covers']): PersonalDataPart => ({ domain: 'x', export: async () => ({}), covers });

describe('personal data coverage: the rule and the check', () => {
  it('takes as personal every users column, every key to users.id, and columns named for who someone is', () => {
    assert.ok(isPersonal(column('users', 'bio')));
    assert.ok(isPersonal(column('anything', 'owner', 'users.id')));
    for (const name of [
      'user_id',
      'reviewer_user_id',
      'email',
      'contact_email',
      'ip',
      'user_agent',
      'author_id',
      'moderator_id',
      'actor_name',
      'created_by',
      'customer_ref',
    ])
      assert.ok(isPersonal(column('t', name)), name);
    for (const name of ['id', 'title', 'zip', 'ship_date', 'created_at', 'emailed']) assert.equal(isPersonal(column('t', name)), name === 'emailed', name);
  });

  it('fails for a new table that stores a reader, until a part covers it on both sides or an exemption says why not', () => {
    const schema = [column('users', 'id'), column('reader_notes', 'id'), column('reader_notes', 'user_id', 'users.id'), column('reader_notes', 'note')];
    const accounts = part({ export: ['users.id'], erase: ['users.id'] });
    assert.deepEqual(coverageProblems(schema, [accounts], []).gaps, [
      { column: 'reader_notes.user_id', side: 'export' },
      { column: 'reader_notes.user_id', side: 'erase' },
    ]);
    const exportOnly = part({ export: ['reader_notes.user_id'], erase: [] });
    assert.deepEqual(coverageProblems(schema, [accounts, exportOnly], []).gaps, [{ column: 'reader_notes.user_id', side: 'erase' }]);
    assert.deepEqual(
      coverageProblems(schema, [accounts, exportOnly], [{ column: 'reader_notes.user_id', sides: ['erase'], reason: 'kept for a test' }]).gaps,
      [],
    );
    assert.deepEqual(coverageProblems(schema, [accounts, part({ export: ['reader_notes.user_id'], erase: ['reader_notes.user_id'] })], []).gaps, []);
  });

  it('names a declaration whose column the database does not have, so a rename cannot leave a stale promise', () => {
    const schema = [column('users', 'id')];
    assert.deepEqual(
      coverageProblems(
        schema,
        [part({ export: ['users.id', 'users.nickname'], erase: ['users.id'] })],
        [{ column: 'old_table.email', sides: ['export'], reason: 'gone' }],
      ).unknown,
      ['users.nickname', 'old_table.email'],
    );
  });
});
