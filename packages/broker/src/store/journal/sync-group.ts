/**
 * Group commit: one fsync makes durable everything appended before it started, so callers that arrive
 * while a sync runs wait for the NEXT one and share it. With `groupCommit` false every call runs its own
 * sync in turn (the slow baseline the benchmark compares against).
 */
export class SyncGroup {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private serial: Promise<void> = Promise.resolve();

  constructor(
    private readonly syncOnce: () => Promise<void>,
    private readonly groupCommit: boolean,
  ) {}

  sync(): Promise<void> {
    if (!this.groupCommit) {
      const result = this.serial.then(this.syncOnce);
      this.serial = result.catch(() => undefined);
      return result;
    }
    if (this.running === undefined) return this.start();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<void> {
    const run: Promise<void> = this.syncOnce().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }
}
