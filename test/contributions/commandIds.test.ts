// The CommandId enums and package.json's contributed commands are one list seen from two sides: these tests fail when
// a command is contributed without a member, a member is not contributed, or src/ spells a command id as a literal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { CommandId, InternalCommandId } from '../../src/editor/commandIds';

const repo = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
const contributed: string[] = manifest.contributes.commands.map((entry: { command: string }) => entry.command);
const userFacing: string[] = Object.values(CommandId);
const internal: string[] = Object.values(InternalCommandId);

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

test('every contributed command has a CommandId member and every CommandId member is contributed', () => {
  assert.deepEqual([...contributed].sort(), [...userFacing].sort());
  assert.equal(new Set(contributed).size, contributed.length, 'a command is contributed twice');
});

test('internal command ids are never contributed and never shown in a menu', () => {
  const menuCommands = Object.values(manifest.contributes.menus as Record<string, Array<{ command: string }>>).flat().map((entry) => entry.command);
  for (const id of internal) {
    assert.ok(!contributed.includes(id), `${id} is contributed`);
    assert.ok(!menuCommands.includes(id), `${id} is in a menu`);
  }
  for (const id of menuCommands) assert.ok(userFacing.includes(id), `menu entry ${id} has no CommandId member`);
});

test('every contributed command has the "Prompt Cost" category', () => {
  for (const entry of manifest.contributes.commands) assert.equal(entry.category, 'Prompt Cost', entry.command);
});

test('src/ names command ids only through the enums (no string literal of an id outside commandIds.ts)', () => {
  const ids = [...userFacing, ...internal];
  const offenders: string[] = [];
  for (const file of sourceFiles(path.join(repo, 'src'))) {
    if (file.endsWith(`${path.sep}commandIds.ts`)) continue;
    const text = fs.readFileSync(file, 'utf8');
    for (const id of ids) {
      // Quoted ids and `command:` links in Markdown both count.
      if (text.includes(`'${id}'`) || text.includes(`"${id}"`) || text.includes('`' + id + '`') || text.includes(`command:${id}`)) offenders.push(`${path.relative(repo, file)}: ${id}`);
    }
  }
  assert.deepEqual(offenders, []);
});
