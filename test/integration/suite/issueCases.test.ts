import * as assert from 'assert';
import * as vscode from 'vscode';
import { describeDiagnostic, extensionApi, openFile, ourDiagnostics, poll, workspaceFile, writeWorkspaceFile, type DiagnosticView } from './support';

// The cases issue 12 was filed for, in the real editor: closing XML tags are no repeats, a dict bound in another
// elif branch is not the value at the call, a sentence that restates an earlier instruction is found, and a label
// classifier on a frontier model whose cap sits at the model's maximum gets the model-overkill hint.
const FILES: Record<string, string> = {
  'issue12/research_agent.py': 'import anthropic\n\nclient = anthropic.Anthropic()\n\nLEAD_PROMPT = """<research_process>\nPlan the research before you search.\nUse at most five searches per question.\n</research_process>\n<subagent_count_guidelines>\nStart one subagent for a simple question.\nStart up to three subagents for a broad question.\n</subagent_count_guidelines>\n<answer_format>\nCite every source you use.\nKeep the answer under 300 words.\nCite every source you use.\n</answer_format>"""\n\n\ndef research(question: str) -> str:\n    reply = client.messages.create(\n        model="claude-sonnet-4-5",\n        max_tokens=2048,\n        system=LEAD_PROMPT,\n        messages=[{"role": "user", "content": question}],\n    )\n    return reply.content[0].text\n',
  'issue12/chat_models.py': 'from langchain_openai import ChatOpenAI\n\n\ndef chat_model(backend: str):\n    if backend == "fast":\n        kwargs = {"temperature": 0}\n    elif backend == "capped":\n        kwargs = {"max_tokens": 512}\n    return ChatOpenAI(model="gpt-4o", **kwargs)\n\n\ndef branch_model(backend: str):\n    if backend == "open":\n        kwargs = {"temperature": 1}\n        return ChatOpenAI(model="gpt-4o", **kwargs)\n    return None\n',
  'issue12/extract.ts': "import OpenAI from 'openai';\n\nconst client = new OpenAI();\n\nconst SYSTEM = `You extract invoice fields.\nRespond in JSON.\nList the invoice number, the total and the due date.\nRespond in JSON and use valid JSON only.`;\n\nexport async function extract(invoice: string): Promise<string> {\n  const completion = await client.chat.completions.create({\n    model: 'gpt-4o-mini',\n    max_tokens: 300,\n    messages: [\n      { role: 'system', content: SYSTEM },\n      { role: 'user', content: invoice },\n    ],\n  });\n  return completion.choices[0].message.content ?? '';\n}\n",
  'issue12/triage.ts': "import OpenAI from 'openai';\n\nconst client = new OpenAI();\n\nexport async function triage(ticket: string): Promise<string> {\n  const completion = await client.chat.completions.create({\n    model: 'gpt-4o',\n    max_tokens: 16384,\n    messages: [\n      { role: 'system', content: 'Classify the ticket as billing, bug or other. Reply with the label only.' },\n      { role: 'user', content: ticket },\n    ],\n  });\n  return completion.choices[0].message.content ?? '';\n}\n",
};

async function diagnosticsOf(relativePath: string, count: number): Promise<DiagnosticView[]> {
  const editor = await openFile(relativePath);
  const diagnostics = await poll(() => ourDiagnostics(editor.document.uri), (found) => found.length === count);
  return diagnostics.map(describeDiagnostic);
}

suite('issue 12 cases', () => {
  suiteSetup(async () => {
    await extensionApi();
    await vscode.workspace.fs.createDirectory(workspaceFile('issue12'));
    for (const [file, text] of Object.entries(FILES)) await writeWorkspaceFile(file, text);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceFile('issue12'), { recursive: true, useTrash: false });
  });

  test('XML-sectioned prompt: no finding on closing tags, only the real repeat inside <answer_format>', async () => {
    assert.deepStrictEqual(await diagnosticsOf('issue12/research_agent.py', 1), [
      { range: [15, 0, 15, 26], severity: 'Warning', code: 'redundant-instruction', message: 'Repeats line 14 word for word; keep line 14, remove this one: 9 tokens per call, $0.54/month at 20,000 calls.' },
    ]);
  });

  test('**kwargs bound in an if and an elif: no unbounded-output at the call after them; the uncapped call inside its branch is reported', async () => {
    assert.deepStrictEqual(await diagnosticsOf('issue12/chat_models.py', 1), [
      { range: [14, 15, 14, 25], severity: 'Warning', code: 'unbounded-output', message: "No output cap: a reply can run to gpt-4o's 16,384-token maximum: worst case $0.1638 per call ($3,277/month at 20,000 calls), against $0.004 expected; a 1,024-token cap removes $3,072/month of it." },
    ]);
  });

  test('a sentence made of an earlier instruction plus a restatement is found, and the message says which to keep', async () => {
    assert.deepStrictEqual(await diagnosticsOf('issue12/extract.ts', 1), [
      { range: [7, 0, 7, 40], severity: 'Warning', code: 'redundant-instruction', message: 'Restates line 6 ("Respond in JSON.") and adds nothing to it; keep line 6, remove this one: 9 tokens per call, $0.027/month at 20,000 calls.' },
    ]);
  });

  test("a label classifier on gpt-4o whose cap is the model's maximum gets model-overkill (warning in the sample's config) beside output-cap-too-high", async () => {
    assert.deepStrictEqual(await diagnosticsOf('issue12/triage.ts', 2), [
      { range: [6, 11, 6, 19], severity: 'Warning', code: 'model-overkill', message: 'gpt-4o-mini is 16.7× cheaper than gpt-4o for this short answer: $4.51/month less at 20,000 calls (label only, classification). gpt-4o-mini: OpenAI model page: "a fast, affordable small model for focused tasks". Verify on a sample of real inputs before switching.' },
      { range: [7, 16, 7, 21], severity: 'Warning', code: 'output-cap-too-high', message: "max_tokens 16,384 is gpt-4o's maximum output, so it caps nothing: worst case $0.164 per call ($3,281/month at 20,000 calls), against $0.00024 expected; a 256-token cap removes $3,226/month of it." },
    ]);
  });
});
