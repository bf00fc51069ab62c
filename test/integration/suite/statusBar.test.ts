import * as assert from 'assert';
import { statusText } from '../../../src/editor/statusBar';
import { extensionApi, openFile } from './support';

// The status bar item cannot be read through the API: these tests run the item's text function on the audit the
// extension computed in the host; the screenshot scenarios show the item itself.
suite('status bar', () => {
  test('src/support_bot.py: its monthly cost at the configured 300,000 calls and one prompt', async () => {
    const api = await extensionApi();
    const editor = await openFile('src/support_bot.py');
    const audit = await api.service.auditTextDocument(editor.document);
    assert.ok(audit);
    assert.deepStrictEqual(statusText(audit), {
      text: '$(symbol-numeric) $2,393/mo · worst $50,345 · 1 prompt',
      tooltip: 'line 94: gpt-4o — expected $0.008/call, $2,393/month; worst case $0.1678/call, $50,345/month\nExpected = typical reply; worst case = every reply at min(cap, model maximum output). Click for the workspace cost summary.',
    });
  });

  test('prompts/faq.prompty: a prompt file at the default 20,000 calls from .promptcost.yaml', async () => {
    const api = await extensionApi();
    const editor = await openFile('prompts/faq.prompty');
    const audit = await api.service.auditTextDocument(editor.document);
    assert.ok(audit);
    assert.deepStrictEqual(statusText(audit), {
      text: '$(symbol-numeric) $8.28/mo · worst $9.96 · 1 prompt',
      tooltip: 'line 25: gpt-4o-mini — expected $0.00041/call, $8.28/month; worst case $0.0005/call, $9.96/month\nExpected = typical reply; worst case = every reply at min(cap, model maximum output). Click for the workspace cost summary.',
    });
  });

  test('a file without prompts (src/no_prompts.py, audited from memory) gives no status text', async () => {
    const api = await extensionApi();
    const audit = await api.service.auditText('src/no_prompts.py', 'def answer():\n    return 42\n');
    assert.strictEqual(audit.sites.length, 0);
    assert.strictEqual(statusText(audit), undefined);
  });
});
