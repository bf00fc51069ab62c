// Token counts and costs are written without ICU (its first use is a cold-start cost): the text must be what
// toLocaleString('en-US') writes, for every number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupedInteger } from '../../src/core/groupedInteger';

test('writes every number as toLocaleString("en-US") does', () => {
  const values = [0, -0, 1, -1, 9, 10, 99, 100, 999, 1000, -1000, 1001, 9999, 10000, 99999, 100000, 999999, 1000000, 1234567, -1234567, 10 ** 15, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21, 1.5, -2.0004, 1234.5678, NaN, Infinity, -Infinity];
  let seed = 7;
  for (let index = 0; index < 5000; index++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    values.push(Math.floor(seed / 2 ** (seed % 31)) * (index % 2 ? -1 : 1));
  }
  for (const value of values) assert.equal(groupedInteger(value), value.toLocaleString('en-US'), String(value));
});

test('a safe integer is written without toLocaleString', () => {
  const original = Number.prototype.toLocaleString;
  let calls = 0;
  Number.prototype.toLocaleString = function (this: number, ...args: Parameters<typeof original>) {
    calls++;
    return original.apply(this, args);
  };
  try {
    assert.equal(groupedInteger(1234567), '1,234,567');
    assert.equal(groupedInteger(-12), '-12');
    assert.equal(calls, 0);
    assert.equal(groupedInteger(1.5), '1.5');
    assert.equal(calls, 1);
  } finally {
    Number.prototype.toLocaleString = original;
  }
});
