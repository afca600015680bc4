// A small POSIX word splitter for tests: quotes ('…', "…", \), blanks, and the operators that end a
// simple command (; & | newline, and # comments). It proves that a produced command line is the
// words we meant and that no hostile value turned into an operator, substitution or comment.

export interface ShellParse {
  /** the simple commands, each as its list of words */
  commands: string[][];
  /** true if an unquoted $ or ` appeared (expansion / substitution) */
  expands: boolean;
}

/** Splits a command line into simple commands and words, as /bin/sh would (no expansion performed). */
export function splitShell(line: string): ShellParse {
  const commands: string[][] = [[]];
  let word: string | null = null;
  let expands = false;
  const end = () => {
    if (word !== null) commands[commands.length - 1]!.push(word);
    word = null;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) throw new Error(`unterminated single quote at ${i}`);
      word = (word ?? '') + line.slice(i + 1, close);
      i = close;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && '$`"\\\n'.includes(line[j + 1] ?? '')) text += line[++j];
        else {
          if (line[j] === '$' || line[j] === '`') expands = true;
          text += line[j];
        }
      }
      if (j >= line.length) throw new Error(`unterminated double quote at ${i}`);
      word = (word ?? '') + text;
      i = j;
    } else if (c === '\\') {
      word = (word ?? '') + (line[i + 1] ?? '');
      i++;
    } else if (c === ' ' || c === '\t') {
      end();
    } else if (c === ';' || c === '&' || c === '|' || c === '\n') {
      end();
      if (commands[commands.length - 1]!.length > 0) commands.push([]);
      if ((c === '&' || c === '|') && line[i + 1] === c) i++;
    } else if (c === '#' && word === null) {
      const nl = line.indexOf('\n', i);
      i = nl < 0 ? line.length : nl - 1;
    } else {
      if (c === '$' || c === '`') expands = true;
      word = (word ?? '') + c;
    }
  }
  end();
  return { commands: commands.filter((c) => c.length > 0), expands };
}
