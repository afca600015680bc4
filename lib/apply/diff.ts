import { createTwoFilesPatch, diffLines } from 'diff';

/** The unified diff of a domain definition before and after an edit (jsdiff, 3 lines of context). */
export function definitionDiff(domain: string, before: string, after: string): string {
  return createTwoFilesPatch(`${domain}.xml (now)`, `${domain}.xml (after)`, before, after, '', '', {
    context: 3,
  });
}

/** The lines an edit removed and added, in order (what a reviewer reads in the diff). */
export function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const removed: string[] = [];
  const added: string[] = [];
  for (const part of diffLines(before, after)) {
    const lines = part.value.replace(/\n$/, '').split('\n');
    if (part.removed) removed.push(...lines);
    if (part.added) added.push(...lines);
  }
  return { removed, added };
}
