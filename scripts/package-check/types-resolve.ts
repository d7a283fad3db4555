// Compiled with tsc against the installed package: its exports carry real types, not `any`.
import { startReplay, type ReplayReport } from 'ucwa-inspector/replay';
import { decodeBody } from 'ucwa-inspector/protocol';
import { startSimulator } from 'ucwa-inspector/simulator';
import { RecordingStore } from 'ucwa-inspector/storage';
import { startRecordingProxy } from 'ucwa-inspector/proxy';

export async function typed(): Promise<readonly unknown[]> {
  // @ts-expect-error a fixture is a file name, and the compiler knows it
  await startReplay({ fixture: 42 });
  const report: ReplayReport = (await startReplay({ fixture: 'f.json' })).report();
  // @ts-expect-error decodeBody takes bytes, not a number
  decodeBody(7, {});
  return [report.missed, startSimulator, RecordingStore, startRecordingProxy];
}
