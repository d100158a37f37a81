/**
 * A signal within one process: whoever waits for something (a dispatcher, a runner, a key cache)
 * hears at once that it happened here. Other processes sharing the database find out by polling.
 */
export class InProcessSignal {
  private readonly listeners = new Set<() => void | Promise<void>>();

  on(listener: () => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(): void {
    for (const listener of this.listeners) void Promise.resolve(listener()).catch(() => undefined);
  }

  /** Resolves once every listener has finished; a failing listener is left to its own polling. */
  async emitAndWait(): Promise<void> {
    await Promise.all([...this.listeners].map((listener) => Promise.resolve(listener()).catch(() => undefined)));
  }
}
