/** A drift report as text for people: a summary, then each finding, biggest first, naming both sides' exchange ids. */
import type { DriftFinding, DriftKind, DriftReport, FieldChange, SideLabel } from '../../protocol/drift-report.ts';

const NOUNS: Readonly<Record<DriftKind, readonly [string, string]>> = {
  status: ['status change', 'status changes'],
  'only-in-a': ['request only in A', 'requests only in A'],
  'only-in-b': ['request only in B', 'requests only in B'],
  'request-changed': ['changed request', 'changed requests'],
  events: ["conversation's events differ", "conversations' events differ"],
  body: ['body changed', 'bodies changed'],
  timing: ['exchange slower', 'exchanges slower'],
};

const MARKS: Readonly<Record<FieldChange['change'], string>> = { added: '+', removed: '-', changed: '~' };

function side(name: string, label: SideLabel): string {
  return `${name}: ${label.label} (session "${label.sessionName}", ${label.exchangeCount} exchanges)`;
}

function fieldLine(change: FieldChange): string {
  if (change.change === 'added') return `    + ${change.field}: ${change.b}`;
  if (change.change === 'removed') return `    - ${change.field}: ${change.a}`;
  return `    ${MARKS.changed} ${change.field}: ${change.a} -> ${change.b}`;
}

function findingLines(finding: DriftFinding): string[] {
  switch (finding.kind) {
    case 'status':
      return [`status ${finding.statusA ?? 'none'} -> ${finding.statusB ?? 'none'}: ${finding.a.request}  [A#${finding.a.id} B#${finding.b.id}]`];
    case 'only-in-a':
      return [`only in A: ${finding.a.request}  [A#${finding.a.id}]`];
    case 'only-in-b':
      return [`only in B: ${finding.b.request}  [B#${finding.b.id}]`];
    case 'request-changed':
      return [`request changed: ${finding.b.request}  [A#${finding.a.id} B#${finding.b.id}]`, ...finding.differences.map((d) => `    ~ ${d}`)];
    case 'events': {
      const where = finding.conversation.place === 0 ? 'outside any conversation' : `in conversation ${finding.conversation.place} (A ${finding.conversation.hrefA ?? 'none'}, B ${finding.conversation.hrefB ?? 'none'})`;
      return [
        `events differ ${where}:`,
        ...finding.onlyInA.map((step) => `    - ${step.text}  [A#${step.exchangeId}]`),
        ...finding.onlyInB.map((step) => `    + ${step.text}  [B#${step.exchangeId}]`),
      ];
    }
    case 'body':
      return [`body changed: ${finding.a.request}  [A#${finding.a.id} B#${finding.b.id}]`, ...finding.changes.map(fieldLine)];
    case 'timing':
      return [`slower ${finding.ratio.toFixed(1)}x (${Math.round(finding.durationMsA)} ms -> ${Math.round(finding.durationMsB)} ms): ${finding.a.request}  [A#${finding.a.id} B#${finding.b.id}]`];
  }
}

export function renderDriftText(report: DriftReport): string {
  const lines = [side('A', report.a), side('B', report.b)];
  const parts = (Object.keys(report.counts) as DriftKind[]).filter((kind) => report.counts[kind] > 0).map((kind) => `${report.counts[kind]} ${NOUNS[kind][report.counts[kind] === 1 ? 0 : 1]}`);
  if (report.findings.length === 0) {
    lines.push(`No drift: ${report.matched} requests matched with the same statuses, bodies and event sequences.`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`${report.matched} requests matched; drift: ${parts.join(', ')}.`, '');
  for (const finding of report.findings) lines.push(...findingLines(finding));
  return `${lines.join('\n')}\n`;
}
