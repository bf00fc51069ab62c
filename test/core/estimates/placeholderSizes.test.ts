import { test } from 'node:test';
import assert from 'node:assert/strict';
import { placeholderSize, placeholderWords } from '../../../src/core/estimates/placeholderSizes';
import { parseConfig } from '../../../src/core/config';

const defaults = { assumedPlaceholderTokens: 50, placeholders: [] };

test('shipped sizes by meaning: context, history, code and documents are large; names, dates and ids small', () => {
  const sized = (name: string) => { const size = placeholderSize(name, defaults); return [size.tokens, size.source, size.reason]; };
  assert.deepEqual(sized('context'), [2000, 'meaning', 'retrieved context']);
  assert.deepEqual(sized('retrievedDocs'), [2000, 'meaning', 'retrieved context']);
  assert.deepEqual(sized('chat_history'), [2000, 'meaning', 'conversation']);
  assert.deepEqual(sized('transcript'), [2000, 'meaning', 'conversation']);
  assert.deepEqual(sized('diff'), [1500, 'meaning', 'code']);
  assert.deepEqual(sized('article'), [1000, 'meaning', 'document']);
  assert.deepEqual(sized('customer_name'), [10, 'meaning', 'short value']);
  assert.deepEqual(sized('user.first_name'), [10, 'meaning', 'short value']);
  assert.deepEqual(sized('today'), [10, 'meaning', 'short value']);
  assert.deepEqual(sized('ticket_id'), [10, 'meaning', 'short value']);
  assert.deepEqual(sized('language'), [10, 'meaning', 'short value']);
  // The last meaningful word decides: a file's path is short, a country code is not source code.
  assert.deepEqual(sized('file_path'), [10, 'meaning', 'short value']);
  assert.deepEqual(sized('country_code'), [10, 'meaning', 'short value']);
  assert.deepEqual(sized('question'), [50, 'default', undefined]);
});

test('configured sizes win, exact names before globs, matched on the name or its last identifier', () => {
  const { config, problems } = parseConfig('placeholders:\n  "*_summary": 400\n  context: 3000\n  history: 2000\n  "*": 80\n');
  assert.deepEqual(problems, []);
  assert.deepEqual(config.placeholders, [{ glob: 'context', tokens: 3000 }, { glob: 'history', tokens: 2000 }, { glob: '*_summary', tokens: 400 }, { glob: '*', tokens: 80 }]);
  const sized = (name: string) => { const size = placeholderSize(name, config); return [size.tokens, size.source, size.reason]; };
  assert.deepEqual(sized('context'), [3000, 'config', 'context']);
  assert.deepEqual(sized('state.history'), [2000, 'config', 'history']);
  assert.deepEqual(sized('ticket_summary'), [400, 'config', '*_summary']);
  assert.deepEqual(sized('customer_name'), [80, 'config', '*']);
});

test('bad placeholder sizes are located problems; the good ones are kept', () => {
  const text = 'placeholders:\n  context: lots\n  history: 2000\n';
  const { config, problems } = parseConfig(text);
  assert.deepEqual(problems.map((p) => [p.message, text.slice(p.span!.start, p.span!.end)]), [['placeholders.context must be a whole number of tokens (0 or more), got "lots"', 'lots']]);
  assert.deepEqual(config.placeholders, [{ glob: 'history', tokens: 2000 }]);
});

test('names are split into words on case and punctuation, bounded in length', () => {
  assert.deepEqual(placeholderWords('ctx.retrievedDocs[0]'), ['ctx', 'retrieved', 'docs', '0']);
  assert.equal(placeholderWords('a'.repeat(10_000)).join('').length, 200);
});
