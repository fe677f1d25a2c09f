// The CDK app command (cdk.json "app"): rebuild the app's jars when their sources changed, then run the app.
//
// `npx cdk synth|diff|deploy|watch` must run what the sources say now, with no separate Maven step, and a
// synth with nothing changed must stay fast. So this launcher (Node, because the CDK CLI runs on it; no
// dependencies) hashes the sources of the modules that end up in the app's jars, compares the hashes with the
// ones it recorded after the last build, runs Maven only when they differ (or a jar is missing), and then
// runs `java -jar app/target/channels-app.jar` with CDK_VALIDATION=false in the child's environment, on C1 only.
// Why CDK_VALIDATION=false and the JVM flags, and the measured times: docs/design/synth-speed.md.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

// The modules whose main code reaches the app: the app jar, the constructs and contract jars it runs with, and
// the Lambda jar it references as an asset. Keep in step with cdk.json's "watch" include list.
const MODULES = ['contract', 'lambdas', 'constructs', 'app'];
const APP_JAR = 'app/target/channels-app.jar';
const LAMBDA_JAR = 'lambdas/target/channels-lambdas.jar';
const APP_LIB = 'app/target/lib';
// In app/target, so `mvn clean` removes it together with the jars it vouches for.
const STAMP = 'app/target/channels-app.inputs.json';
const MAVEN_ARGS = ['-B', '-q', 'package', '-DskipTests', '-pl', 'app', '-am'];
// The app's JVM: a synth is a few seconds of one thread talking to the jsii Node process, so C2's compilations never
// pay off before it ends (C1 only), and one GC thread is enough. HotSpot's flags; other JVMs ignore -XX options they
// do not know. CHANNELS_SYNTH_JVM_FLAGS replaces them (empty: a plain `java -jar`).
const JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

const log = (line) => process.stderr.write(`channels: ${line}\n`);

/** Every input file, as paths relative to the root with '/' separators, sorted. */
function inputFiles() {
  const files = ['pom.xml'];
  const walk = (dir) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        walk(path);
      } else if (entry.isFile()) {
        files.push(path);
      }
    }
  };
  for (const module of MODULES) {
    files.push(`${module}/pom.xml`);
    if (existsSync(join(ROOT, module, 'src', 'main'))) {
      walk(`${module}/src/main`);
    }
  }
  return files.sort();
}

/** The SHA-256 of each input file's content: a checkout that sets old mtimes still changes it. */
function inputHashes(files) {
  return Object.fromEntries(files.map((file) => [file, createHash('sha256').update(readFileSync(join(ROOT, file))).digest('hex')]));
}

/** What differs between two {file: hash} maps, for the user: the first few paths. */
function changes(before, after) {
  const paths = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((path) => before[path] !== after[path]);
  const shown = paths.slice(0, 3).join(', ') + (paths.length > 3 ? ` and ${paths.length - 3} more` : '');
  return paths.length === 0 ? null : `${shown} changed since the last build`;
}

/** The jars the app runs with: the app jar, our own jars in its lib folder, the Lambda asset jar. */
function outputJars() {
  const ours = existsSync(join(ROOT, APP_LIB))
    ? readdirSync(join(ROOT, APP_LIB)).filter((name) => name.startsWith('channels-')).map((name) => `${APP_LIB}/${name}`)
    : [];
  return [APP_JAR, LAMBDA_JAR, ...ours.sort()];
}

/** The module a jar holds the code of: app/target/lib/channels-constructs-0.1.0.jar is constructs'. */
function jarOf(jar) {
  return jar.startsWith(`${APP_LIB}/`) ? jar.slice(APP_LIB.length + 1).split('-')[1] : jar.slice(0, jar.indexOf('/'));
}

/** Size and mtime of each jar: tells whether the jars are still the ones the stamp was recorded for. */
function fingerprint(jars) {
  return Object.fromEntries(jars.map((jar) => {
    const stat = statSync(join(ROOT, jar));
    return [jar, `${stat.size}:${stat.mtimeMs}`];
  }));
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(join(ROOT, STAMP), 'utf8'));
  } catch {
    return null;
  }
}

function writeStamp(stamp) {
  mkdirSync(dirname(join(ROOT, STAMP)), { recursive: true });
  writeFileSync(join(ROOT, STAMP), JSON.stringify(stamp, null, 2) + '\n');
}

function recordBuilt(hashes) {
  writeStamp({ jars: fingerprint(outputJars()), inputs: hashes });
}

/**
 * Why the jars must be rebuilt, or null when they are up to date. The recorded hashes decide while the jars
 * are the ones they were recorded for. Jars built by someone else (the README's `mvn package`) are trusted when
 * each module's jars are newer than its pom and sources (and one jar newer than the root pom), and the hashes are
 * then recorded for them.
 */
function staleness(files, hashes) {
  const jars = outputJars();
  const missing = [APP_JAR, LAMBDA_JAR].find((jar) => !existsSync(join(ROOT, jar)));
  if (missing) {
    return `${missing} is missing`;
  }
  if (!jars.some((jar) => jar.startsWith(`${APP_LIB}/channels-constructs`))) {
    return `${APP_LIB} has no channels-constructs jar`;
  }
  const stamp = readStamp();
  if (stamp?.building) {
    // A failed build may have replaced some jars and not others: their mtimes prove nothing.
    return 'the last build did not succeed';
  }
  const sameJars = stamp && JSON.stringify(stamp.jars) === JSON.stringify(fingerprint(jars));
  if (sameJars) {
    return changes(stamp.inputs ?? {}, hashes);
  }
  // Maven rewrites a module's jar only when its classes changed, so each module's inputs meet its own jars.
  const mtime = (path) => statSync(join(ROOT, path)).mtimeMs;
  for (const file of files) {
    const module = file.includes('/') ? file.slice(0, file.indexOf('/')) : null;
    const its = module ? jars.filter((jar) => jarOf(jar) === module) : jars;
    const built = module ? Math.min(...its.map(mtime)) : Math.max(...its.map(mtime));
    if (mtime(file) > built) {
      return `${file} is newer than ${module ? its.join(' and ') : 'the jars'}`;
    }
  }
  recordBuilt(hashes);
  return null;
}

/** Runs a command in the root; resolves with its exit code and, if asked, everything it printed. */
function run(command, args, { env = process.env, capture = false } = {}) {
  return new Promise((resolve, reject) => {
    const windowsScript = process.platform === 'win32' && command.endsWith('.cmd');
    const child = spawn(command, args, {
      cwd: ROOT,
      env,
      // Node refuses to start a .cmd file without a shell; the arguments here are fixed words, nothing to quote.
      shell: windowsScript,
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    if (capture) {
      // Maven's messages go to stderr, so that nothing but the app's own output reaches the CDK CLI's stdout.
      for (const stream of [child.stdout, child.stderr]) {
        stream.on('data', (chunk) => {
          output += chunk;
          process.stderr.write(chunk);
        });
      }
    }
    // Stopping the launcher (Ctrl-C, or the CDK CLI ending the app) stops the child too, not only us.
    const forward = (signal) => child.kill(signal);
    const signals = ['SIGINT', 'SIGTERM'];
    signals.forEach((signal) => process.on(signal, forward));
    child.on('error', (error) => reject(new Error(`cannot start ${command}: ${error.message}`)));
    child.on('close', (code, signal) => {
      signals.forEach((name) => process.off(name, forward));
      resolve({ code: code ?? (signal ? 1 : 0), output });
    });
  });
}

/** Builds the app with Maven: offline first (fast, no network), online when offline lacked a dependency. */
async function build() {
  const mvn = process.platform === 'win32' ? 'mvn.cmd' : 'mvn';
  const offline = await run(mvn, ['-o', ...MAVEN_ARGS], { capture: true });
  if (offline.code === 0 || !offline.output.includes('in offline mode')) {
    return offline.code;
  }
  log('a dependency is not in the local Maven repository; building again online');
  return (await run(mvn, MAVEN_ARGS, { capture: true })).code;
}

async function main() {
  const files = inputFiles();
  const hashes = inputHashes(files);
  const reason = staleness(files, hashes);
  if (reason) {
    log(`${reason}: mvn ${MAVEN_ARGS.join(' ')}`);
    writeStamp({ building: true });
    const code = await build();
    if (code !== 0) {
      log(`the build failed (exit code ${code}); nothing was synthesized`);
      return code;
    }
    // The hashes from before the build: an edit made while Maven ran is seen by the next synth.
    recordBuilt(hashes);
  }
  // CDK's own CloudFormation schema check is off unless you ask for it: docs/design/synth-speed.md.
  const env = { CDK_VALIDATION: 'false', ...process.env };
  const override = process.env.CHANNELS_SYNTH_JVM_FLAGS;
  const flags = override === undefined ? JVM_FLAGS : override.split(/\s+/).filter(Boolean);
  return (await run('java', [...flags, '-jar', APP_JAR, ...process.argv.slice(2)], { env })).code;
}

main().then((code) => process.exit(code), (error) => {
  log(error.message);
  process.exit(1);
});
