// Issue 10's editor proof: lenses on a Bedrock, a Mistral and an Ollama call. Adds its file and deletes it again, so
// the later suites' workspace totals do not change.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeLenses, extensionApi, openFile, poll, workspaceFile, writeWorkspaceFile, type LensView } from './support';

const compare = 'promptCost.compareModels';

const PROVIDERS_FILE = 'src/providers_demo.py';
const PROVIDERS = 'import os\n\nimport boto3\nimport ollama\nfrom mistralai import Mistral\n\nbedrock = boto3.client("bedrock-runtime", region_name="us-east-1")\nmistral = Mistral(api_key=os.environ["MISTRAL_API_KEY"])\n\n\ndef ask_bedrock(question):\n    return bedrock.converse(\n        modelId="anthropic.claude-3-haiku-20240307-v1:0",\n        system=[{"text": "Answer in one short paragraph."}],\n        messages=[{"role": "user", "content": [{"text": question}]}],\n        inferenceConfig={"maxTokens": 300},\n    )\n\n\ndef ask_mistral(question):\n    return mistral.chat.complete(\n        model="mistral-small-latest",\n        messages=[{"role": "system", "content": "You are a travel guide."}, {"role": "user", "content": question}],\n        max_tokens=200,\n    )\n\n\ndef ask_ollama(question):\n    return ollama.chat(model="llama3.2", messages=[{"role": "user", "content": question}], options={"num_predict": 100})\n';

function byPosition(lenses: LensView[]): LensView[] {
  return [...lenses].sort((a, b) => a.line - b.line || a.character - b.character);
}

async function lensesWhen(uri: vscode.Uri, count: number): Promise<LensView[]> {
  return byPosition(await poll(() => codeLenses(uri), (lenses) => lenses.length >= count && lenses.every((lens) => lens.title !== undefined), 8000));
}

suite('providers', () => {
  suiteSetup(async () => {
    await extensionApi();
    await writeWorkspaceFile(PROVIDERS_FILE, PROVIDERS);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceFile(PROVIDERS_FILE));
  });

  test('Bedrock converse, Mistral chat.complete and Ollama chat each get a cost lens on the call: Mistral priced from the catalog, Ollama local at $0 API cost (neither unpriced)', async () => {
    const editor = await openFile(PROVIDERS_FILE);
    assert.deepStrictEqual(await lensesWhen(editor.document.uri, 3), [
      { line: 11, character: 11, title: '~8 tokens + 1 placeholder · $0.00014/call · $2.83/month · anthropic.claude-3-haiku-20240307-v1:0', command: compare },
      // mistral-small-latest: $0.10 / $0.30 per million (catalog, LiteLLM 2025-09-05 and genai-prices 0.1.8).
      { line: 20, character: 11, title: '~7 tokens + 1 placeholder · $0.000067/call · $1.33/month · mistral-small-latest', command: compare },
      // A model on the user's own Ollama server: no per-token price, so $0 API cost, marked local; no unknown-model finding
      // (its lens, "Model not in the catalog → show", was here while Ollama calls were unpriced).
      { line: 28, character: 11, title: '~0 tokens + 1 placeholder · $0 API cost · llama3.2 (local)', command: compare },
    ]);
  });
});
