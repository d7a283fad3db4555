/** A progress line on stderr for long operations, redrawn in place on a terminal and printed sparingly otherwise. */

export function progressReporter(stream: NodeJS.WritableStream, label: string): { update(done: number, total: number): void; done(): void } {
  const tty = (stream as { isTTY?: boolean }).isTTY === true;
  let lastPercent = -1;
  let shown = false;
  return {
    update(done, total) {
      if (total < 2000) return; // quick enough to need no progress
      const percent = Math.floor((done / total) * 100);
      if (percent === lastPercent || (!tty && percent % 25 !== 0)) return;
      lastPercent = percent;
      shown = true;
      stream.write(`${tty ? '\r' : ''}${label}: ${done}/${total} (${percent}%)${tty ? '' : '\n'}`);
    },
    done() {
      if (shown && tty) stream.write('\n');
    },
  };
}
