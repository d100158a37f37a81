import { InvalidArgumentError } from 'commander';

/*
 * Argument parsers shared by commands. They live here rather than in main.ts because importing
 * main.ts runs the program.
 */

export function idArgument(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > Number.MAX_SAFE_INTEGER) throw new InvalidArgumentError('must be a positive whole number');
  return Number(value);
}

/** 0 or a positive whole number (counts, offsets). */
export function wholeNumber(value: string): number {
  return value === '0' ? 0 : idArgument(value);
}

/** For repeatable options: `--group 3 --group 4` → [3, 4]; a comma list works too. */
export function idListArgument(value: string, previous: number[] = []): number[] {
  return [...previous, ...value.split(',').map((part) => idArgument(part.trim()))];
}

export function choiceArgument<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    const found = choices.find((choice) => choice.toLowerCase() === value.toLowerCase());
    if (found === undefined) throw new InvalidArgumentError(`must be one of ${choices.join(', ')}`);
    return found;
  };
}
