// LineIndex finds line starts natively when the text has no carriage return, and by the character loop otherwise:
// both give the line starts of the definition (a line ends at `\n`, `\r\n` or a lone `\r`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../src/core/lineIndex';
import { seededRandom } from '../../bench/seededRandom';

function lineStartsByDefinition(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') starts.push(i + 1);
    else if (text[i] === '\r') {
      if (text[i + 1] === '\n') i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

function lineStarts(index: LineIndex): number[] {
  return Array.from({ length: index.lineCount }, (_, line) => index.lineStart(line));
}

test('line starts equal the definition on random text with and without carriage returns', () => {
  const random = seededRandom(31);
  for (let run = 0; run < 2000; run++) {
    const pieces = run % 2 === 0 ? ['a', 'b c', '\n', '\n\n', 'é', '😀'] : ['a', '\n', '\r', '\r\n', '\n\r', ' '];
    const text = Array.from({ length: Math.floor(random() * 40) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
    const index = new LineIndex(text);
    assert.deepEqual(lineStarts(index), lineStartsByDefinition(text), JSON.stringify(text));
    assert.deepEqual(index.positionAt(text.length), { line: index.lineCount - 1, column: text.length - index.lineStart(index.lineCount - 1) });
  }
  assert.deepEqual(lineStarts(new LineIndex('a\nb\n')), [0, 2, 4]);
  assert.deepEqual(lineStarts(new LineIndex('a\r\nb\rc')), [0, 3, 5]);
});
