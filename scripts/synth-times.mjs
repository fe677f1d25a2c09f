// Prints how long `npx cdk synth -c env=dev -q` takes through the launcher (scripts/cdk-app.mjs), in a copy of
// this working copy (its sources, poms and built target folders), so nothing here changes. After one untimed
// build in the copy (Maven's incremental state names absolute paths), it times:
//   0. the app jar run directly, as cdk.json's app command did before the launcher (no staleness check);
//   1. nothing changed since the build;
//   2. one channel line added to ChannelsApp.java (the launcher rebuilds the app with Maven, then synthesizes);
//   3. nothing changed again.
// Run it after `mvn -B -q package -DskipTests`: node scripts/synth-times.mjs
// Numbers only, no verdict: docs/design/synth-speed.md keeps what it printed.

import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { copyWorkingCopy } from './working-copy.mjs';

const APP_SOURCE = 'app/src/main/java/dev/channels/app/ChannelsApp.java';
const CHANNEL_LINE = 'ChannelProps.builder().name("Placement").build(),';

const copy = copyWorkingCopy('channels-synth-times-');
try {

  const synth = (label, app = '') => {
    const started = process.hrtime.bigint();
    // The old app command had CDK_VALIDATION=false in it; the launcher sets it itself.
    const env = app ? { ...process.env, CDK_VALIDATION: 'false' } : process.env;
    const result = spawnSync(`npx cdk synth -c env=dev -q ${app}`, { cwd: copy, env, shell: true, encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) {
      throw new Error(`${label}: synth failed (exit ${result.status}):\n${result.stderr}`);
    }
    const rebuilt = result.stderr.split('\n').find((line) => line.startsWith('channels: ')) ?? 'no rebuild';
    console.log(`${label.padEnd(28)} ${seconds.toFixed(1).padStart(5)} s   launcher: ${app ? '-' : rebuilt}`);
  };

  const build = spawnSync('mvn -B -q -o package -DskipTests -pl app -am', { cwd: copy, shell: true, encoding: 'utf8' });
  if (build.status !== 0) {
    throw new Error(`the build in the copy failed (exit ${build.status}):\n${build.stdout}${build.stderr}`);
  }

  console.log(`npx cdk synth -c env=dev -q in ${relative(tmpdir(), copy)} under ${tmpdir()}`);
  synth('java -jar (no check)', '--app "java -jar app/target/channels-app.jar"');
  synth('nothing changed');
  const source = join(copy, APP_SOURCE);
  const text = readFileSync(source, 'utf8');
  const anchor = 'ChannelProps.builder().name("Candidate")';
  if (!text.includes(anchor)) {
    throw new Error(`${APP_SOURCE} has no line with ${anchor} to add a channel after`);
  }
  writeFileSync(source, text.replace(anchor, `${CHANNEL_LINE}\n            ${anchor}`));
  synth('one channel line added');
  synth('nothing changed again');
} finally {
  rmSync(copy, { recursive: true, force: true });
}
