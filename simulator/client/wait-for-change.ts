/** Waiting on what a client saw: a check re-run on each `change` the client emits, until it holds, the channel stops, or time runs out. */
import type { EventEmitter } from 'node:events';
import { UcwaClientError } from './client-core.ts';

export function waitForChange<T>(emitter: EventEmitter, channelError: () => Error | null, check: () => T | undefined | null | false, what: string, timeoutMs: number): Promise<T> {
  const now = check();
  if (now) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const onChange = (): void => {
      const stopped = channelError();
      if (stopped) return finish(() => reject(new UcwaClientError(`waiting for ${what}: the event channel stopped: ${stopped.message}`)));
      const value = check();
      if (value) finish(() => resolve(value));
    };
    const timer = setTimeout(() => finish(() => reject(new UcwaClientError(`timed out after ${timeoutMs} ms waiting for ${what}`))), timeoutMs);
    const finish = (settle: () => void): void => {
      clearTimeout(timer);
      emitter.off('change', onChange);
      settle();
    };
    emitter.on('change', onChange);
  });
}
