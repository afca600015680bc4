// Every value a remediation puts into a command goes through shellQuote: domain names, URIs, paths
// and device names come from inventories and from the targets themselves, and a hostile or merely
// odd name must never change what the command does.

const SAFE_WORD = /^[A-Za-z0-9_./:@%+=,-]+$/;

/** POSIX-shell quotes one word: safe words stay bare, anything else goes in '…' with ' written as '\''. */
export function shellQuote(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Quotes each word and joins them with spaces: one command line whose words are exactly `words`. */
export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/** Writes `content` to `path` with a quoted heredoc, so nothing inside is expanded by the shell. */
export function writeFileCommand(path: string, content: string): string {
  let delimiter = 'ENTROPY_WATCH_EOF';
  // The delimiter must not appear as a line of the content, or the heredoc would end early.
  while (content.split('\n').includes(delimiter)) delimiter += '_';
  return `cat > ${shellQuote(path)} <<'${delimiter}'\n${content}\n${delimiter}`;
}
