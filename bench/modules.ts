// Register bench modules here (one per area): name -> function returning rows.
import type { BenchModule } from './types';
import { benchTokenizing } from './tokenizing';
import { benchCodeScanning } from './codeScanning';
import { benchAudit, benchLarge } from './audit';
import { benchScaling } from './scaling';
import { benchPriceData } from './priceData';
import { benchSymbolIndex } from './symbolIndex';
import { benchKeystroke } from './keystroke';
import { benchEditorWorker } from './editorWorker';

export const benchModules: Record<string, BenchModule> = {
  tokenizing: benchTokenizing,
  codeScanning: benchCodeScanning,
  scaling: benchScaling,
  audit: benchAudit,
  large: benchLarge,
  priceData: benchPriceData,
  symbolIndex: benchSymbolIndex,
  keystroke: benchKeystroke,
  editorWorker: benchEditorWorker,
};
