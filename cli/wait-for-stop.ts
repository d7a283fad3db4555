/**
 * Long-running commands stop cleanly on Ctrl-C or SIGTERM: resolves with the signal that came.
 * The handlers stay installed while the command saves: a second signal (an impatient Ctrl-C, a
 * service manager's SIGTERM right after) would otherwise kill the process mid-save. Only a third
 * abandons the save.
 */

export function waitForStopSignal(stderr: NodeJS.WritableStream = process.stderr): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = 0;
    const stop = (signal: NodeJS.Signals): void => {
      received++;
      if (received === 1) resolve(signal);
      else if (received === 2) stderr.write('ucwa-inspector: finishing the save, press Ctrl-C again to abandon it\n');
      else {
        stderr.write('ucwa-inspector: save abandoned; the file keeps what was committed so far\n');
        process.exit(130);
      }
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
