// Prints how long `npx cdk synth -c env=dev -q` of the default Java app takes through the launcher with nothing
// changed, against a bare Node CDK app of the same size (scripts/bare-node-app.cjs: the same channels and resources,
// the same aws-cdk-lib, constructs and cdk-nag versions, cdk-nag on), and the ratio. Issue 11 asks for <= 1.2.
//
// Both run in a copy of this working copy (working-copy.mjs), under the same cdk.json context. The Node app's
// node_modules is unpacked from the jsii tarballs inside the Java app's own jars (app/target/lib), so the versions are
// the Java app's by construction and no npm dependency is added. Rows, each timed --runs times, interleaved:
//   java: launcher          the README's synth: scripts/cdk-app.mjs, no rebuild, its JVM flags and class-data archive
//   java: plain java -jar   the launcher with CHANNELS_SYNTH_JVM_FLAGS='' (a plain `java -jar`, as before those flags)
//   node: bare app          CDK_VALIDATION=false, as the launcher gives the Java app (docs/design/synth-speed.md)
//   node: CDK default       the bare app with CDK's default CloudFormation schema check, for reference
// before which one untimed synth of each warms the disk cache, the jsii package cache and the launcher's archive.
// CPU is user+sys of the whole `npx cdk synth` process tree (Linux: /proc/self/stat's children times), which a busy
// machine disturbs less than wall time; the ratios are medians over medians. The templates' resources are counted by
// type; the script refuses to time apps whose counts differ.
// Run it after `mvn -B -q package -DskipTests`: node scripts/synth-vs-node.mjs [--runs 5]
// Numbers only, no verdict: docs/design/synth-speed.md keeps what it printed.

import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { copyWorkingCopy, ROOT } from './working-copy.mjs';

const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 3;
if (!Number.isInteger(RUNS) || RUNS < 1) {
  throw new Error('--runs takes a whole number of at least 1');
}
const LIB = 'app/target/lib';
// Package name in node_modules, for the jar whose jsii tarball it is (the jar names carry the versions).
const PACKAGES = [
  ['aws-cdk-lib-', 'aws-cdk-lib'],
  ['constructs-', 'constructs'],
  ['cdknag-', 'cdk-nag'],
  ['cdk-asset-awscli-v1-', '@aws-cdk/asset-awscli-v1'],
  ['cdk-asset-node-proxy-agent-v6-', '@aws-cdk/asset-node-proxy-agent-v6'],
  ['cdk-cloud-assembly-schema-', '@aws-cdk/cloud-assembly-schema'],
];

/** Unpacks the jsii tarball inside each jar into dir/node_modules/<package>; returns {package: version}. */
function unpackNodeModules(dir) {
  const jars = readdirSync(join(ROOT, LIB));
  const versions = {};
  for (const [prefix, name] of PACKAGES) {
    const jar = jars.find((file) => file.startsWith(prefix) && /^\d/.test(file.slice(prefix.length)));
    if (!jar) {
      throw new Error(`${LIB} has no ${prefix}*.jar: run mvn -B -q package -DskipTests first`);
    }
    const listing = execFileSync('jar', ['tf', join(ROOT, LIB, jar)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).split('\n');
    const tarball = listing.find((entry) => entry.endsWith('.jsii.tgz'));
    const staged = join(dir, 'jars', jar);
    mkdirSync(staged, { recursive: true });
    execFileSync('jar', ['xf', join(ROOT, LIB, jar), tarball], { cwd: staged });
    const target = join(dir, 'node_modules', name);
    mkdirSync(target, { recursive: true });
    // npm pack tarballs keep everything under package/.
    execFileSync('tar', ['xzf', join(staged, tarball), '-C', target, '--strip-components=1']);
    versions[name] = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')).version;
  }
  rmSync(join(dir, 'jars'), { recursive: true, force: true });
  return versions;
}

/** CPU seconds (user+sys) of this process's waited-for children so far; null where there is no /proc. */
function childrenCpuSeconds() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // Fields 16 and 17 of stat(5) (cutime, cstime), counted from 3 here; clock ticks, 100 per second on Linux.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

function resourceCounts(template) {
  const counts = {};
  for (const resource of Object.values(JSON.parse(readFileSync(template, 'utf8')).Resources)) {
    counts[resource.Type] = (counts[resource.Type] ?? 0) + 1;
  }
  return counts;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const copy = copyWorkingCopy('channels-synth-vs-node-');
try {
  const nodeApp = join(copy, '.bare-node-app');
  const versions = unpackNodeModules(nodeApp);
  copyFileSync(join(ROOT, 'scripts', 'bare-node-app.cjs'), join(nodeApp, 'app.cjs'));

  const withoutOurs = { ...process.env };
  delete withoutOurs.CDK_VALIDATION;
  delete withoutOurs.CHANNELS_SYNTH_JVM_FLAGS;
  const handlerJar = join(copy, 'lambdas', 'target', 'channels-lambdas.jar');
  const rows = [
    { label: 'java: launcher', out: 'cdk.out', env: withoutOurs },
    { label: 'java: plain java -jar', out: 'cdk.out', env: { ...withoutOurs, CHANNELS_SYNTH_JVM_FLAGS: '' } },
    {
      label: 'node: bare app', out: 'cdk.out.node', app: 'node .bare-node-app/app.cjs',
      env: { ...withoutOurs, CDK_VALIDATION: 'false', CHANNELS_HANDLER_JAR: handlerJar },
    },
    {
      label: 'node: CDK default', out: 'cdk.out.node', app: 'node .bare-node-app/app.cjs',
      env: { ...withoutOurs, CHANNELS_HANDLER_JAR: handlerJar },
    },
  ];
  const synth = (row) => {
    const args = ['cdk', 'synth', '-c', 'env=dev', '-q', '-o', row.out, ...(row.app ? ['--app', row.app] : [])];
    const cpuBefore = childrenCpuSeconds();
    const started = process.hrtime.bigint();
    const result = spawnSync('npx', args, { cwd: copy, env: row.env, shell: process.platform === 'win32', encoding: 'utf8' });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    const cpuAfter = childrenCpuSeconds();
    if (result.status !== 0) {
      throw new Error(`${row.label}: synth failed (exit ${result.status}):\n${result.stderr}`);
    }
    const rebuilt = result.stderr.split('\n').find((line) => line.startsWith('channels: '));
    if (rebuilt) {
      throw new Error(`${row.label}: the launcher rebuilt (${rebuilt}); build first, then run this`);
    }
    return { wall, cpu: cpuBefore === null ? null : cpuAfter - cpuBefore };
  };

  for (const row of rows) {
    synth(row);
  }
  const java = resourceCounts(join(copy, 'cdk.out', 'dev-channels.template.json'));
  const node = resourceCounts(join(copy, 'cdk.out.node', 'dev-channels.template.json'));
  const differ = [...new Set([...Object.keys(java), ...Object.keys(node)])].filter((type) => java[type] !== node[type]);
  if (differ.length > 0) {
    throw new Error(`the apps differ in size: ${differ.map((type) => `${type} java ${java[type] ?? 0} node ${node[type] ?? 0}`).join('; ')}`);
  }

  const load = () => loadavg().map((value) => value.toFixed(2)).join(' ');
  const resources = Object.values(java).reduce((sum, count) => sum + count, 0);
  console.log(`npx cdk synth -c env=dev -q in ${relative(tmpdir(), copy)} under ${tmpdir()}; ${cpus().length} processors, `
    + `Node ${process.version}, ${javaVersion()}`);
  console.log(`both templates: ${resources} resources of ${Object.keys(java).length} types, the same count of each; `
    + `node_modules from ${LIB}: ${Object.entries(versions).map(([name, version]) => `${name}@${version}`).join(', ')}`);
  console.log(`load average (1, 5, 15 min) before: ${load()}`);
  for (let run = 0; run < RUNS; run++) {
    for (const row of rows) {
      const measured = synth(row);
      (row.walls ??= []).push(measured.wall);
      (row.cpus ??= []).push(measured.cpu);
    }
  }
  console.log(`load average after: ${load()}`);
  const cpuKnown = rows.every((row) => row.cpus.every((value) => value !== null));
  const seconds = (values) => values.map((value) => value.toFixed(1)).join(' ');
  console.log(`${'row'.padEnd(24)} ${'wall s (median)'.padStart(15)} ${'CPU s (median)'.padStart(15)}   runs: wall | CPU`);
  for (const row of rows) {
    const cpu = cpuKnown ? median(row.cpus).toFixed(2) : 'n/a';
    console.log(`${row.label.padEnd(24)} ${median(row.walls).toFixed(2).padStart(15)} ${cpu.padStart(15)}   ${seconds(row.walls)} | ${cpuKnown ? seconds(row.cpus) : 'n/a'}`);
  }
  const ratio = (a, b, key) => (median(a[key]) / median(b[key])).toFixed(2);
  const [launcher, plain, bare] = rows;
  console.log(`ratio java launcher / node bare app: wall ${ratio(launcher, bare, 'walls')}, CPU ${cpuKnown ? ratio(launcher, bare, 'cpus') : 'n/a'}`);
  console.log(`ratio plain java -jar / node bare app: wall ${ratio(plain, bare, 'walls')}, CPU ${cpuKnown ? ratio(plain, bare, 'cpus') : 'n/a'}`);
} finally {
  rmSync(copy, { recursive: true, force: true });
}

function javaVersion() {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return (result.stderr.split('\n')[0] ?? 'java').trim();
}
