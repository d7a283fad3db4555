import type { ChangeDto } from '../../api/wire-types.ts';

/** Calls `onChange` for every change the server announces (SSE `/api/changes`); returns what stops following. */
export function followChanges(onChange: (change: ChangeDto) => void): () => void {
  const source = new EventSource('/api/changes');
  source.addEventListener('change', (message) => onChange(JSON.parse((message as MessageEvent).data) as ChangeDto));
  return () => source.close();
}
