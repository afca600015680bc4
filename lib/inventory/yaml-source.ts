import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { InventoryIssue } from './issues';

/** A parsed YAML file that can say where a field path is. */
export interface YamlSource {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
}

/** Parses YAML text; syntax errors come back as issues with their line and column. */
export function parseYamlSource(
  text: string,
  file: string,
): { source: YamlSource; issues: InventoryIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const issues = doc.errors.map((err): InventoryIssue => {
    const { line, col } = lineCounter.linePos(err.pos[0]);
    return { file, line, col, path: '', message: `invalid YAML: ${yamlMessage(err.message)}` };
  });
  return { source: { file, doc, lineCounter }, issues };
}

function yamlMessage(message: string): string {
  // The yaml package ends some messages with a source excerpt; the line/column already say where.
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Line and column of a field path: the key of a map entry (so `port: ssh` points at `port`), the item of a
 * list, or, when the path does not exist (a missing key), the map that should contain it.
 */
export function locate(source: YamlSource, path: readonly PropertyKey[]): { line: number; col: number } {
  const { doc, lineCounter } = source;
  let node: Node | null = asNode(doc.contents, doc);
  let at = node?.range?.[0] ?? 0;
  for (const seg of path) {
    if (!node) break;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      at = (pair.key as Node).range?.[0] ?? at;
      node = asNode(pair.value, doc);
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = asNode(node.items[seg], doc);
      if (!item) break;
      at = item.range?.[0] ?? at;
      node = item;
    } else {
      break;
    }
  }
  return lineCounter.linePos(at);
}

function asNode(value: unknown, doc: Document): Node | null {
  if (isAlias(value)) return (value.resolve(doc) as Node | undefined) ?? null;
  if (isMap(value) || isSeq(value) || isScalar(value)) return value;
  return null;
}
