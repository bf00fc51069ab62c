// Suite run in test/fixtures/startup/plain-workspace (no prompt or code file), where the extension must not start by
// itself: `node test/integration/run-web.cjs --workspace=test/fixtures/startup/plain-workspace
// --extensionTestsPath=out/integration/activation/index.js` (part of `npm test`).
import { runMocha } from '../suite/mochaHost';
import './activationEvents.test';

export async function run(): Promise<void> {
  await runMocha();
}
