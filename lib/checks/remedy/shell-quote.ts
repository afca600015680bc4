// The one POSIX shell quoter: the probe script's variables, every value a remediation puts into a
// command (domain names, URIs, paths and device names come from inventories and from the targets
// themselves) and the test lab's scripts go through it, so a hostile or merely odd name never
// changes what a command does.

import { UnsafeValueError } from './unsafe-value';

const SAFE_WORD = /^[A-Za-z0-9_./:@%+=,-]+$/;

/**
 * POSIX-shell quotes one word: safe words stay bare, anything else goes in '…' with ' written as '\''.
 * A control or bidi character is refused (UnsafeValueError): quoted, it is still a raw byte that an
 * interactive terminal acts on when the command is pasted (Ctrl-C cancels the line, ESC starts a
 * sequence, a bidi override shows the text in another order than the shell reads it), and sh cannot
 * carry a NUL at all.
 */
export function shellQuote(word: string): string {
  UnsafeValueError.check(word, 'a command');
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Quotes each word and joins them with spaces: one command line whose words are exactly `words`. */
export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/** Writes `content` to `path` with a quoted heredoc, so nothing inside is expanded by the shell. */
export function writeFileCommand(path: string, content: string): string {
  // Lines are fine (the heredoc needs them); every other control or bidi character is refused.
  for (const line of content.split('\n')) UnsafeValueError.check(line, 'a file written by a command');
  let delimiter = 'ENTROPY_WATCH_EOF';
  // The delimiter must not appear as a line of the content, or the heredoc would end early.
  while (content.split('\n').includes(delimiter)) delimiter += '_';
  return `cat > ${shellQuote(path)} <<'${delimiter}'\n${content}\n${delimiter}`;
}
