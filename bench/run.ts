/**
 * Runs the benchmarks and rewrites bench/RESULTS.md. `npm run bench` runs all of them;
 * `npm run bench -- decode storage` runs some and keeps the other sections as they were.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Bench, BenchSection } from './bench-section.ts';
import { benches } from './benches.ts';

const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
const SECTION_START = (name: string) => `<!-- bench:${name} -->`;
const SECTION_END = (name: string) => `<!-- /bench:${name} -->`;

function renderSection(section: BenchSection): string {
  const lines = [SECTION_START(section.name), `## ${section.title}`, '', section.method, ''];
  lines.push('| metric | value | baseline (same run) | ratio | aim | met |', '| --- | --- | --- | --- | --- | --- |');
  for (const row of section.rows) {
    const baseline = row.baseline ? `${row.baseline.name}: ${row.baseline.value} ${row.unit}` : '';
    const ratio = row.baseline && row.baseline.value !== 0 ? `${(row.value / row.baseline.value).toFixed(2)}×` : '';
    const met = row.met === undefined ? '' : row.met ? 'yes' : '**no**';
    lines.push(`| ${row.metric} | ${row.value} ${row.unit} | ${baseline} | ${ratio} | ${row.aim ?? ''} | ${met} |`);
  }
  lines.push('', SECTION_END(section.name));
  return lines.join('\n');
}

function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `Machine: ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.version}. Run ${new Date().toISOString()}.`;
}

function existingSections(): Map<string, string> {
  const sections = new Map<string, string>();
  if (!existsSync(RESULTS)) return sections;
  const text = readFileSync(RESULTS, 'utf8');
  for (const match of text.matchAll(/<!-- bench:([\w-]+) -->[\s\S]*?<!-- \/bench:\1 -->/g)) sections.set(match[1] as string, match[0]);
  return sections;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !benches.some((b) => b.name === name));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${benches.map((b) => b.name).join(', ')}.`);
    process.exitCode = 2;
    return;
  }
  const selected: Bench[] = wanted.length ? benches.filter((b) => wanted.includes(b.name)) : [...benches];
  const sections = existingSections();
  for (const bench of selected) {
    console.log(`bench ${bench.name}: running...`);
    const section = await bench.run();
    sections.set(section.name, renderSection(section));
    for (const row of section.rows) console.log(`  ${row.metric}: ${row.value} ${row.unit}${row.aim ? ` (aim ${row.aim}: ${row.met ? 'met' : 'NOT met'})` : ''}`);
  }
  const ordered = benches.map((b) => sections.get(b.name)).filter((s): s is string => s !== undefined);
  const text = [
    '# Benchmark results',
    '',
    'Written by `npm run bench`. Every comparison is a ratio against a baseline measured in the same run on the same machine, because this machine is shared and absolute numbers drift.',
    '',
    machineLine(),
    '',
    ...ordered.flatMap((s) => [s, '']),
  ].join('\n');
  writeFileSync(RESULTS, text);
  console.log(`wrote ${RESULTS}`);
}

await main();
