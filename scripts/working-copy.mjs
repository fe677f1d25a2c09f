// A throwaway copy of this working copy for the synth timing scripts (synth-times.mjs, synth-vs-node.mjs): sources,
// poms and the built target folders of the modules the app is built from, timestamps kept (so the launcher sees the
// jars as built after their sources, as right after `mvn package`), node_modules linked. Nothing in yours changes.

import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
// What `-pl app -am` builds: the launcher's modules (scripts/cdk-app.mjs MODULES) and support, which lambdas' tests use.
const BUILT_MODULES = ['support', 'contract', 'lambdas', 'constructs', 'app'];
const SKIPPED = new Set(['.git', 'node_modules', 'cdk.out', '.local']);

/** Copies the working copy to a new folder under the system's temp folder; returns its path. */
export function copyWorkingCopy(prefix) {
  const built = new Set(BUILT_MODULES.map((module) => join(ROOT, module, 'target')));
  const copy = mkdtempSync(join(tmpdir(), prefix));
  cpSync(ROOT, copy, {
    recursive: true,
    preserveTimestamps: true,
    filter: (source) => !SKIPPED.has(basename(source)) && (basename(source) !== 'target' || built.has(source)),
  });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'junction');
  return copy;
}
