// The code lines of the source tree, for tests that keep a rule of the code base true (where SQL is
// written, where command names are written). Comments may name anything: only code counts.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');

/** The layers of the code base. */
export const LAYERS = ['apps', 'activities', 'libs', 'workflows'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** `file:line: text` of each code line (comments removed) of the layers' files not `allowed`, that `matches`. */
export function codeLinesMatching(matches: (code: string) => boolean, allowed: RegExp[]): string[] {
  return LAYERS.flatMap((layer) => sourceFiles(join(root, layer)))
    .map((path) => relative(root, path).split('\\').join('/'))
    .filter((file) => !allowed.some((a) => a.test(file)))
    .flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => {
          const code = line
            .replace(/\/\*.*?(\*\/|$)/g, '')
            .replace(/^\s*\*.*$/, '')
            .replace(/\/\/.*$/, '');
          return matches(code) ? [`${file}:${i + 1}: ${line.trim()}`] : [];
        }),
    );
}
