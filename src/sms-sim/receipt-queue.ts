/** A receipt waiting for its time, addressed to the client that submitted its message. */
export interface PendingReceipt<Origin> {
  due: number;
  systemId: string;
  origin: Origin;
  fields: Record<string, unknown>;
}

/**
 * Receipts are due in submit order (one fixed delay), so a FIFO with one timer serves them all:
 * no timer per receipt however many are waiting.
 */
export class ReceiptQueue<Origin> {
  private readonly due: PendingReceipt<Origin>[] = [];
  private dueHead = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly delay: number,
    private readonly deliver: (receipt: PendingReceipt<Origin>) => void,
  ) {}

  schedule(receipt: PendingReceipt<Origin>): void {
    this.due.push(receipt);
    if (!this.timer) this.timer = setTimeout(this.fire, this.delay);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private readonly fire = (): void => {
    this.timer = null;
    const now = Date.now();
    while (this.dueHead < this.due.length && (this.due[this.dueHead] as PendingReceipt<Origin>).due <= now) {
      const r = this.due[this.dueHead] as PendingReceipt<Origin>;
      this.due[this.dueHead] = undefined as unknown as PendingReceipt<Origin>;
      this.dueHead += 1;
      this.deliver(r);
    }
    if (this.dueHead === this.due.length) {
      this.due.length = 0;
      this.dueHead = 0;
    } else {
      this.timer = setTimeout(this.fire, Math.max(1, (this.due[this.dueHead] as PendingReceipt<Origin>).due - now));
    }
  };
}
