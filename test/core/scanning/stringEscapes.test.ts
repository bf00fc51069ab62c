// Escape decoding of string literals: the text a program sends, byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEscapes } from '../../../src/core/scanning/code/stringEscapes';

test('hex, Unicode and simple escapes decode to the characters they name', () => {
  assert.equal(decodeEscapes('a\\x41\\u00e9\\u{1F600}\\U0001F600\\n\\t\\"', false), 'aAé😀😀\n\t"');
  // A lone surrogate half written as \uD83D stays one UTF-16 unit; a pair written as two escapes is one character.
  assert.equal(decodeEscapes('\\uD83D', false), '\uD83D');
  assert.equal(decodeEscapes('\\uD83D\\uDE00', false), '😀');
  // Too few hex digits, or a code point past U+10FFFF: not a hex escape.
  assert.equal(decodeEscapes('\\x4', false), 'x4');
  assert.equal(decodeEscapes('\\x4', true), '\\x4');
  assert.equal(decodeEscapes('\\U00110000', false), '');
  assert.equal(decodeEscapes('\\u12', true), '\\u12');
  assert.equal(decodeEscapes('line\\\r\nnext', false), 'linenext');
});
