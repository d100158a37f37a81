import type { TaskHandler } from './types.js';

/** Task kinds and the code that runs each; a runner only claims kinds it knows. */
export class TaskRegistry {
  private readonly handlers = new Map<string, TaskHandler>();

  register(kind: string, handler: TaskHandler): this {
    this.handlers.set(kind, handler);
    return this;
  }

  get(kind: string): TaskHandler | undefined {
    return this.handlers.get(kind);
  }

  kinds(): string[] {
    return [...this.handlers.keys()];
  }
}
