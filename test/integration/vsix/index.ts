// Smoke suite for the packaged VSIX (test/integration/run-vsix.cjs): loaded from the unpacked VSIX's own folder.
import { runMocha } from '../suite/mochaHost';
import './packaged.test';

export async function run(): Promise<void> {
  await runMocha();
}
