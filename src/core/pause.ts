/**
 * The wait of a polling loop that others can cut short: a dispatcher sleeps until the next poll
 * unless new work is signalled. A wake that comes while the loop is busy (between `arm()` and the
 * pause) is kept, so the next pause returns at once and no signal is lost.
 */
export class WakeablePause {
  private wakeUp: (() => void) | null = null;
  private woken = false;

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Forgets earlier wakes; call before looking for work. */
  arm(): void {
    this.woken = false;
  }

  pause(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        self.wakeUp = null;
        self.woken = false;
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
