// Entry point that VS Code's extension host loads as `extensionTestsPath` and calls `run()` on.
// Mocha UI: tdd (`suite`, `test`, `suiteSetup`, `setup`, ...), like VS Code's own extension tests.
// The worker host cannot glob files, so every suite file is imported here explicitly: add new suites
// below `./mochaHost`, which must stay the first import.
import { runMocha } from './mochaHost';
import './activation.test';

export async function run(): Promise<void> {
  await runMocha();
}
