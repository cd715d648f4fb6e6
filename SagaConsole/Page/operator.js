// What an operator reads on the saga page, the list and the inbox: times and durations, the timeline picture (SVG,
// drawn here: the page is embedded and offline), the review audit, problem boxes that name the field.
'use strict';

const SVG_NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(key, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// ---- words and numbers ----

function utc(iso, withDate = true) {
  if (!iso) return '';
  const text = iso.replace('T', ' ');
  return withDate ? text.slice(0, 19) : text.slice(11, 23);
}

function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '';
  const s = ms / 1000;
  if (s < 1) return `${Math.round(ms)} ms`;
  if (s < 60) return `${s.toFixed(1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.floor(s % 60)} s`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

function between(startIso, endIso) {
  if (!startIso) return null;
  return (endIso ? Date.parse(endIso) : Date.now()) - Date.parse(startIso);
}

// A .NET TimeSpan as text ("00:05:00", "1.02:00:00") in milliseconds.
function timeSpanMs(text) {
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(text || '');
  if (!match) return null;
  const [, days, h, m, s] = match;
  return (((Number(days || 0) * 24 + Number(h)) * 60 + Number(m)) * 60 + Number(s)) * 1000;
}

const ACTION_WORDS = {
  RetryCompensations: 'Retry compensations', MarkResolved: 'Marked resolved', RetryStep: 'Retried step',
  SkipCompensation: 'Skipped compensation', Compensate: 'Compensate ordered',
};
const FAILURE_WORDS = {
  Exhausted: 'still failing after its retries', Unknown: 'outcome unknown (it may have taken effect)',
  Refusal: 'refused', Cancelled: 'cancelled',
};
const STATUS_WORDS = { ManualReviewRequired: 'Manual review required', TimedOut: 'Timed out' };

function actionWords(action) { return ACTION_WORDS[action] || action; }

function failureWords(failure) { return FAILURE_WORDS[failure] || failure || ''; }

// The pivot step's ledger row: from here the saga goes forward only.
function pivotBadge(row) {
  return row.outcome === 'pivot' && row.kind === 'Action'
    ? el('span', { class: 'badge pivot', 'data-testid': 'pivot', title: 'the pivot: once it completed the saga no longer compensates' }, 'pivot')
    : null;
}

function statusWords(value) { return STATUS_WORDS[value] || value; }

// Temporal spells the workflow's end "Canceled"; the saga "Cancelled": the page uses the saga's spelling only.
function workflowWords(executionStatus) {
  return { Canceled: 'Cancelled', ContinuedAsNew: 'Continued as new', TimedOut: 'Timed out' }[executionStatus] || executionStatus;
}

// ---- problems: the detail text (no status code), the field's own label, the field highlighted ----

function fieldLabel(field) {
  const label = field && document.querySelector(`label[for="f-${CSS.escape(field)}"]`);
  return label ? label.textContent : null;
}

function markField(field, scope) {
  for (const old of document.querySelectorAll('.invalid')) {
    old.classList.remove('invalid');
    old.removeAttribute('aria-invalid');
  }
  if (!field) return;
  const input = (scope || document).querySelector(`#f-${CSS.escape(field)}, [name="${CSS.escape(field)}"]`);
  if (!input) return;
  input.classList.add('invalid');
  input.setAttribute('aria-invalid', 'true');
  input.focus({ preventScroll: true });
}

// "flight id: unknown flight" shown under the label "Flight" drops its own name for the field.
function problemText(message, field) {
  const prefix = /^([\w .-]{1,40}): /.exec(message || '');
  const squash = text => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  return prefix && field && squash(prefix[1]) === squash(field) ? message.slice(prefix[0].length) : message;
}

document.addEventListener('input', event => {
  event.target.classList?.remove('invalid');
  event.target.removeAttribute?.('aria-invalid');
});

// ---- the saga page: headline, stop reason, waiting hint, review audit ----

function sagaFacts(saga, timeline) {
  const state = saga.state;
  const facts = [];
  const started = state?.startedUtc ?? timeline?.startUtc;
  if (started) {
    const end = state?.finishedUtc ?? timeline?.endUtc;
    facts.push(el('div', { 'data-testid': 'saga-age' }, `Started ${utc(started)} UTC — `,
      end ? `took ${duration(between(started, end))}` : `running for ${duration(between(started))}`));
  }
  const stop = stopReason(state);
  if (stop) facts.push(stop);
  for (const review of state?.reviews ?? []) {
    facts.push(el('div', { class: 'audit', 'data-testid': 'review-decision' },
      el('strong', {}, actionWords(review.action)), review.step ? [' ', el('code', { 'data-testid': 'review-step' }, review.step)] : null,
      ` by `, el('span', { 'data-testid': 'review-operator' }, review.operator),
      ` at ${utc(review.decidedUtc)} UTC`,
      review.note ? [' — ', el('q', { 'data-testid': 'review-note' }, review.note)] : ' (no note)'));
  }
  if (!saga.finished) facts.push(waitingHint(state, timeline));
  return facts;
}

function stopReason(state) {
  if (!state?.failedStep) return null;
  const row = [...state.steps].reverse().find(s => s.name === state.failedStep && s.kind !== 'Compensation');
  const step = el('code', { 'data-testid': 'failed-step' }, state.failedStep);
  const undone = state.status === 'Resolved' ? 'what could not be undone was resolved by hand'
    : state.compensation ? 'what it had done was compensated' : 'nothing had to be undone';
  if (state.status === 'Cancelled' || (state.cancelRequested && state.errorType !== 'SAGA_TIMEOUT')) {
    const when = row?.status === 'Completed' ? ['after ', step, ' had completed'] : ['during ', step];
    return el('div', { 'data-testid': 'stop-reason' }, 'Cancelled by a client ', when, state.status === 'Cancelled' ? `; ${undone}.` : '.');
  }
  if (state.errorType === 'SAGA_TIMEOUT') {
    return el('div', { 'data-testid': 'stop-reason' }, 'Deadline reached during ', step, ` (${state.error ?? ''}); ${undone}.`);
  }
  return el('div', { 'data-testid': 'stop-reason' }, 'Failed step: ', step, ' — ', state.error ?? '');
}

function waitingHint(state, timeline) {
  const running = [...(state?.steps ?? [])].reverse().find(s => s.status === 'Running');
  const parts = [];
  if (running) {
    parts.push(el('div', { 'data-testid': 'waiting-at' }, running.kind === 'Wait' ? 'Waiting at ' : 'Running ', el('code', {}, running.name),
      ` for ${duration(between(running.startedUtc))} (since ${utc(running.startedUtc)} UTC)`));
  }
  const deadline = (timeline?.spans ?? []).find(s => s.kind === 'timer' && s.outcome === 'running' && /deadline/i.test(s.name));
  const length = deadline ? timeSpanMs(deadline.summary) : null;
  if (length !== null) {
    const at = Date.parse(deadline.startUtc) + length;
    parts.push(el('div', { 'data-testid': 'deadline' }, `Deadline: ${new Date(at).toISOString().replace('T', ' ').slice(0, 19)} UTC `,
      el('span', { class: 'muted' }, `(in ${duration(at - Date.now())}; then it compensates)`)));
  }
  if (state?.status === 'ManualReviewRequired') {
    parts.push(el('div', { class: 'error' }, 'Waiting for manual review: ', el('a', { href: '#/reviews' }, 'open the inbox')));
  } else if (running?.kind === 'Wait' && timeline?.accepts?.length) {
    parts.push(el('div', { 'data-testid': 'moves-on' }, 'It moves on with ', timeline.accepts.map((a, i) => [i ? ', or ' : '', el('code', {}, a)]),
      el('span', { class: 'muted' }, ' (the CLI command of its saga type sends it)')));
  }
  return parts;
}

// ---- the ledger, joined with the history: tries, the error before a retry, durations ----

function spanFor(timeline, row, occurrence) {
  const kind = row.kind === 'Compensation' ? 'compensation' : row.kind === 'Wait' ? 'wait' : 'step';
  return (timeline?.spans ?? []).filter(s => s.name === row.name && s.kind === kind)[occurrence] ?? null;
}

function ledgerRows(state, timeline) {
  const seen = {};
  const resolvedBy = state.status === 'Resolved' ? (state.reviews ?? []).filter(r => r.action === 'MarkResolved').at(-1) : null;
  return state.steps.map(row => {
    const occurrence = seen[row.name + row.kind] = (seen[row.name + row.kind] ?? -1) + 1;
    const span = row.kind === 'Wait' ? null : spanFor(timeline, row, occurrence);
    const retried = span && span.attempts > 1;
    return {
      row, span,
      tries: span ? span.attempts : '',
      took: row.finishedUtc ? duration(between(row.startedUtc, row.finishedUtc))
        : row.status === 'Running' ? `${duration(between(row.startedUtc))} so far` : '',
      error: row.error ?? (retried && span.lastError ? `attempt ${span.attempts - 1} failed: ${span.lastError}` : ''),
      retried,
      resolvedBy: resolvedBy && row.kind === 'Compensation' && row.status === 'Failed' ? resolvedBy : null,
    };
  });
}

// ---- the timeline picture ----

function timelinePicture(timeline) {
  const spans = timeline.spans.filter(s => s.kind !== 'check' || s.outcome !== 'completed' || s.attempts > 1);
  if (spans.length === 0) return el('p', { class: 'muted', 'data-testid': 'timeline-empty' }, 'Nothing ran yet.');
  const t0 = Date.parse(timeline.startUtc);
  const t1 = Math.max(Date.parse(timeline.endUtc ?? timeline.nowUtc), ...spans.map(s => Date.parse(s.endUtc ?? timeline.nowUtc)), t0 + 1);
  const labelWidth = 300;
  const width = Math.max(700, Math.min(1500, (document.getElementById('view')?.clientWidth || 1200) - 40));
  const chart = width - labelWidth - 130;
  const rowHeight = 24;
  const top = 26;
  const rowsEnd = top + spans.length * rowHeight;
  const markLane = 17;
  const height = rowsEnd + 10 + timeline.marks.length * markLane;
  const x = t => labelWidth + ((t - t0) / (t1 - t0)) * chart;

  const axis = [];
  const total = t1 - t0;
  const step = niceStep(total / 6);
  for (let t = 0; t <= total + 1; t += step) {
    axis.push(svg('line', { x1: x(t0 + t), x2: x(t0 + t), y1: top - 6, y2: rowsEnd + 4, class: 'tl-grid' }),
      svg('text', { x: x(t0 + t), y: top - 10, class: 'tl-tick', 'text-anchor': 'middle' }, `+${duration(t)}`));
  }

  const rows = spans.map((s, i) => {
    const y = top + i * rowHeight;
    const start = x(Date.parse(s.startUtc));
    const end = x(Date.parse(s.endUtc ?? timeline.nowUtc));
    const barWidth = Math.max(4, end - start);
    const took = s.endUtc ? duration(between(s.startUtc, s.endUtc)) : `${duration(between(s.startUtc, timeline.nowUtc))} so far`;
    const tip = [`${s.name} (${s.kind}): ${s.outcome}, ${took}`, s.attempts > 1 ? `${s.attempts} attempts` : null,
      s.lastError ? `last error: ${s.lastError}` : null, s.summary].filter(Boolean).join('\n');
    return svg('g', {
      class: `tl-row k-${s.kind} o-${s.outcome}${s.failure ? ' tl-failure' : ''}`, 'data-testid': 'timeline-bar',
      'data-kind': s.kind, 'data-name': s.name, 'data-outcome': s.outcome, 'data-attempts': s.attempts,
      'data-failure': s.failure ? 'true' : null,
    },
    svg('title', {}, tip),
    i % 2 ? svg('rect', { x: 0, y, width, height: rowHeight, class: 'tl-stripe' }) : null,
    svg('text', { x: s.kind === 'compensation' || s.kind === 'check' ? 18 : 6, y: y + 16, class: 'tl-label' }, s.name),
    svg('rect', { x: start, y: y + 5, width: barWidth, height: rowHeight - 10, rx: 3, class: 'tl-bar' }),
    s.failure ? svg('text', { x: start + barWidth + 3, y: y + 17, class: 'tl-cross', 'data-testid': 'timeline-failure' }, '✕') : null,
    svg('text', { x: start + barWidth + (s.failure ? 16 : 5), y: y + 16, class: 'tl-note' },
      took, s.attempts > 1 ? ` · ${s.attempts} attempts` : '', s.outcome !== 'completed' && s.outcome !== 'fired' ? ` · ${s.outcome}` : ''));
  });

  // Each moment gets a lane of its own below the bars, so its words never cover a bar or each other.
  const marks = timeline.marks.map((m, i) => {
    const at = x(Date.parse(m.atUtc));
    const y = rowsEnd + 10 + (i + 1) * markLane - 4;
    const right = at > width - 320;
    return svg('g', { class: `tl-mark m-${m.kind}`, 'data-testid': 'timeline-mark', 'data-kind': m.kind },
      svg('title', {}, `${utc(m.atUtc)} UTC: ${m.text}`),
      svg('line', { x1: at, x2: at, y1: top - 4, y2: y + 3 }),
      svg('text', { x: right ? at - 4 : at + 4, y, 'text-anchor': right ? 'end' : 'start' }, `${utc(m.atUtc, false)} ${m.text}`));
  });

  return el('div', { class: 'timeline', 'data-testid': 'timeline' },
    svg('svg', { width, height: height + 12, viewBox: `0 0 ${width} ${height + 12}`, role: 'img',
      'aria-label': `timeline of ${spans.length} spans over ${duration(total)}` }, axis, rows, marks),
    el('p', { class: 'muted legend' }, el('span', { class: 'sw k-step' }), ' step ', el('span', { class: 'sw k-compensation' }), ' compensation ',
      el('span', { class: 'sw k-review-wait' }), ' review wait ', el('span', { class: 'sw k-timer' }), ' timer ',
      el('span', { class: 'sw o-failed' }), ' failed ', '✕ the failure that stopped the saga; hover a bar for its error'));
}

function niceStep(raw) {
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return [1, 2, 5, 10].map(f => f * power).find(v => v >= raw) ?? power * 10;
}

// ---- tables sorted by a click on their header ----

function sortable(table, columns) {
  const head = table.querySelector('tr');
  const state = { key: null, dir: 1 };
  columns.forEach((column, i) => {
    if (!column.sort) return;
    const th = head.children[i];
    th.classList.add('sortable');
    th.setAttribute('data-testid', `sort-${column.key}`);
    th.addEventListener('click', () => {
      state.dir = state.key === column.key ? -state.dir : 1;
      state.key = column.key;
      for (const other of head.children) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', state.dir > 0 ? 'ascending' : 'descending');
      const rows = [...table.querySelectorAll('tr[data-workflow-id]')];
      rows.sort((a, b) => state.dir * compare(column.sort(a), column.sort(b)));
      table.append(...rows);
    });
  });
  return table;
}

function compare(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a ?? '').localeCompare(String(b ?? ''));
}
