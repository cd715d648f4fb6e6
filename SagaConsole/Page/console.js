// The saga console: plain JavaScript over the JSON API (/openapi/v1.json). Hash routes:
// #/test/{sagaType}, #/sagas?type=&status=, #/saga/{workflowId}, #/reviews.
'use strict';

const view = document.getElementById('view');
let meta = null;
let forms = null;
let poller = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const problem = data || {};
    const error = new Error(problem.detail || problem.title || response.statusText);
    error.status = response.status;
    error.field = problem.field;
    error.errorType = problem.errorType;
    throw error;
  }
  return data;
}

function status(value) {
  return el('span', { class: `status s-${value}`, 'data-testid': 'status', 'data-status': value }, statusWords(value ?? ''));
}

// The problem's detail under the field's label (the field highlighted), never the HTTP status or a CLI option.
function problemBox(error, scope) {
  markField(error.field, scope);
  const label = fieldLabel(error.field) ?? error.field;
  return el('p', { class: 'error', 'data-testid': 'error', 'data-field': error.field ?? null },
    label ? el('strong', {}, `${label}: `) : null, problemText(error.message, error.field));
}

function stopPolling() {
  if (poller) clearTimeout(poller);
  poller = null;
}

async function route() {
  stopPolling();
  meta ??= await api('GET', '/api/meta');
  forms ??= await api('GET', '/api/forms');
  document.getElementById('web-ui').href = meta.webUi;
  const [path, query] = (location.hash.slice(1) || '/test').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query || '');
  view.replaceChildren();
  try {
    if (parts[0] === 'sagas') await sagaList(params);
    else if (parts[0] === 'saga') await sagaPage(parts.slice(1).join('/'));
    else if (parts[0] === 'reviews') await reviewInbox();
    else await testPage(parts[1]);
  } catch (error) {
    view.append(problemBox(error));
  }
}

// ---- test page: Page/forms.js (testPage), then the saga live ----

// ---- one saga: ledger, compensations, result; polled while it runs ----

function watch(workflowId, target) {
  stopPolling();
  const tick = async () => {
    try {
      const path = `/api/sagas/${encodeURIComponent(workflowId)}`;
      const [saga, timeline] = await Promise.all([api('GET', path), api('GET', `${path}/timeline`).catch(() => null)]);
      target.replaceChildren(sagaDetails(saga, timeline));
      if (!saga.finished) poller = setTimeout(tick, saga.state?.status === 'ManualReviewRequired' ? 2000 : 400);
    } catch (error) {
      target.replaceChildren(problemBox(error));
      if (error.status === 503) poller = setTimeout(tick, 2000);
    }
  };
  tick();
}

function sagaDetails(saga, timeline) {
  const state = saga.state;
  const sagaStatus = state?.status ?? saga.executionStatus;
  const workflow = workflowWords(saga.executionStatus);
  const parts = [
    el('div', { class: 'card', 'data-testid': 'saga' },
      el('div', {}, 'Saga ', el('a', { href: `#/saga/${encodeURIComponent(saga.workflowId)}`, 'data-testid': 'workflow-id' }, saga.workflowId),
        ' — ', status(sagaStatus),
        state && workflow !== sagaStatus ? el('span', { class: 'muted', 'data-testid': 'workflow-status' }, ` (workflow ${workflow})`) : null),
      el('div', {}, 'Correlation id: ', el('code', { 'data-testid': 'correlation-id' }, state?.sagaId ?? saga.workflowId)),
      sagaFacts(saga, timeline),
      el('div', {}, el('a', { href: saga.webUi, target: '_blank', rel: 'noopener', 'data-testid': 'web-ui-link' }, 'Open in the Temporal Web UI'))),
  ];
  if (timeline) {
    parts.push(el('h2', {}, 'Timeline'), timelinePicture(timeline));
  }
  if (state) {
    parts.push(el('h2', {}, 'Steps and compensations'), ledger(state, timeline));
  }
  if (saga.finished) {
    parts.push(el('h2', {}, 'Result'), resultBlock(saga));
  }
  return el('div', {}, parts);
}

// The result's scalar fields in a line; the JSON (which repeats the ledger) folded away.
function resultBlock(saga) {
  if (!saga.result) return el('p', { class: 'error', 'data-testid': 'result' }, saga.resultError ?? 'no result');
  const scalars = Object.entries(saga.result).filter(([, v]) => v !== null && typeof v !== 'object');
  return el('div', {},
    el('p', { 'data-testid': 'result-summary' }, scalars.map(([k, v]) => el('span', { class: 'chip' }, `${k}: `, el('b', {}, String(v))))),
    el('details', { 'data-testid': 'result' }, el('summary', {}, 'Result document (JSON)'),
      el('pre', {}, JSON.stringify(saga.result, null, 2))));
}

function ledger(state, timeline) {
  return el('table', { 'data-testid': 'ledger' },
    el('tr', {}, ['#', 'step', 'kind', 'status', 'run', 'tries', 'took', 'outcome', 'error', 'started (UTC)'].map(h => el('th', {}, h))),
    ledgerRows(state, timeline).map(({ row: s, tries, took, error, retried, resolvedBy }, i) =>
      el('tr', { class: `kind-${s.kind}`, 'data-name': s.name, 'data-kind': s.kind, 'data-status': s.status, 'data-tries': tries },
        el('td', {}, i + 1), el('td', {}, s.name, pivotBadge(s)), el('td', {}, s.kind),
        el('td', {}, status(s.status), resolvedBy ? el('div', { class: 'resolved-by', 'data-testid': 'resolved-by' },
          `resolved by hand by ${resolvedBy.operator}`) : null),
        el('td', {}, s.attempt), el('td', { class: retried ? 'retried' : null, 'data-testid': 'tries' }, tries),
        el('td', { class: 'num', 'data-testid': 'took' }, took),
        el('td', {}, s.outcome ?? ''), el('td', { 'data-testid': 'step-error' }, error),
        el('td', { class: 'nowrap' }, utc(s.startedUtc, false)))));
}

async function sagaPage(workflowId) {
  view.append(el('h1', {}, 'Saga'));
  const target = el('div');
  view.append(target);
  watch(workflowId, target);
}

// ---- saga list, filtered on the search attributes ----

async function sagaList(params) {
  const type = params.get('type') || '';
  const statusFilter = params.get('status') || '';
  const select = (name, values, current) => el('select', { name, 'data-testid': `filter-${name}` },
    ['', ...values].map(v => el('option', { value: v, selected: v === current }, v || `(any ${name})`)));
  const typeSelect = select('type', meta.sagaTypes, type);
  const statusSelect = select('status', meta.statuses, statusFilter);
  const apply = () => {
    const q = new URLSearchParams();
    if (typeSelect.value) q.set('type', typeSelect.value);
    if (statusSelect.value) q.set('status', statusSelect.value);
    location.hash = `#/sagas?${q}`;
  };
  typeSelect.addEventListener('change', apply);
  statusSelect.addEventListener('change', apply);
  view.append(el('h1', {}, 'Sagas'), el('p', {}, typeSelect, ' ', statusSelect, ' ',
    statusFilter ? el('a', { href: meta.webUiByStatus[statusFilter], target: '_blank', rel: 'noopener' }, `this list in the Web UI`) : null));

  const q = new URLSearchParams();
  if (type) q.set('type', type);
  if (statusFilter) q.set('status', statusFilter);
  const sagas = await api('GET', `/api/sagas?${q}`);
  view.append(sagaTable(sagas));
  view.append(el('p', { class: 'muted' }, `${sagas.length} saga(s). The Web UI, filtered by saga status: `,
    meta.statuses.map(s => [el('a', { href: meta.webUiByStatus[s], target: '_blank', rel: 'noopener' }, s), ' '])));
}

function sagaTable(sagas) {
  const age = s => between(s.startedUtc);
  const took = s => s.closedUtc ? between(s.startedUtc, s.closedUtc) : null;
  const columns = [
    { key: 'id', title: 'workflow id', sort: r => r.dataset.workflowId },
    { key: 'type', title: 'saga type', sort: r => r.dataset.type },
    { key: 'status', title: 'saga status', sort: r => r.dataset.status },
    { key: 'reason', title: 'failed step / reason', sort: r => r.dataset.reason },
    { key: 'age', title: 'age', sort: r => Number(r.dataset.ageMs) },
    { key: 'took', title: 'took', sort: r => Number(r.dataset.tookMs || Infinity) },
    { key: 'started', title: 'started (UTC)', sort: r => r.dataset.started },
    { key: 'workflow', title: 'workflow', sort: r => r.dataset.workflow },
    { key: 'web', title: '' },
  ];
  const table = el('table', { 'data-testid': 'saga-list', class: 'wide' },
    el('tr', {}, columns.map(c => el('th', {}, c.title))),
    sagas.map(s => el('tr', {
      'data-workflow-id': s.workflowId, 'data-type': s.sagaType ?? s.workflowType, 'data-status': s.sagaStatus ?? '',
      'data-reason': s.failedStep ?? '', 'data-age-ms': age(s), 'data-took-ms': took(s) ?? '', 'data-started': s.startedUtc,
      'data-workflow': workflowWords(s.executionStatus),
    },
    el('td', {}, el('a', { href: `#/saga/${encodeURIComponent(s.workflowId)}` }, s.workflowId)),
    el('td', {}, s.sagaType ?? s.workflowType), el('td', {}, status(s.sagaStatus)),
    el('td', {}, s.failedStep && s.failedStep !== 'none' ? s.failedStep : ''),
    el('td', { class: 'num', 'data-testid': 'age' }, duration(age(s))),
    el('td', { class: 'num' }, took(s) === null ? el('span', { class: 'muted' }, 'running') : duration(took(s))),
    el('td', { class: 'nowrap' }, utc(s.startedUtc)),
    el('td', {}, workflowWords(s.executionStatus)),
    el('td', {}, el('a', { href: s.webUi, target: '_blank', rel: 'noopener' }, 'Web UI')))));
  return sortable(table, columns);
}

// ---- review inbox ----

async function reviewInbox() {
  view.append(el('h1', {}, 'Review inbox'));
  const answer = el('div', { 'data-testid': 'review-answer' });
  view.append(answer);
  const items = await api('GET', '/api/reviews');
  if (items.length === 0) {
    view.append(el('p', { 'data-testid': 'inbox-empty' }, 'No saga waits for a review.'));
    return;
  }
  view.append(el('p', { class: 'muted' }, `${items.length} saga(s) waiting, longest first. Retry runs the failed compensations (or the stuck `,
    'step) again; skip a compensation or mark resolved only once you have done by hand what the saga could not.'));
  for (const item of items) view.append(reviewCard(item, answer));
}

// The card offers what the saga's validator takes now (item.actions): for failed compensations retry, skip one undone
// by hand, mark resolved; for a stuck forward step retry it, compensate (not past the pivot), mark resolved. What cannot
// be taken back asks first.
function reviewCard(item, answer) {
  const actions = item.actions ?? ['RetryCompensations', 'MarkResolved'];
  const stuck = item.awaiting === 'step' ? item.step : null;
  const operator = el('input', { name: 'operator', placeholder: 'your name', 'data-testid': 'operator', 'aria-label': 'operator' });
  const note = el('input', { name: 'note', placeholder: 'note: what you did (optional)', size: 44, 'data-testid': 'note', 'aria-label': 'note' });
  const confirm = el('div', { class: 'confirm', 'data-testid': 'confirm-box', hidden: true });
  let card;
  const decide = (action, step) => async () => {
    answer.replaceChildren();
    try {
      const outcome = await api('POST', `/api/sagas/${encodeURIComponent(item.workflowId)}/review`,
        { action, operator: operator.value, note: note.value || null, step: step ?? null });
      const named = outcome.decision.step ? ` ${outcome.decision.step}` : '';
      answer.append(el('p', { class: 'answer' }, `${outcome.workflowId}: ${actionWords(outcome.decision.action)}${named} by ${outcome.decision.operator} accepted — the saga is ${outcome.answer.willDo}. `,
        el('a', { href: `#/saga/${encodeURIComponent(outcome.workflowId)}` }, 'open the saga')));
      card.remove();
    } catch (error) {
      confirm.hidden = true;
      answer.append(el('div', { class: 'error-line' }, `${item.workflowId}: refused — `, problemBox(error, card)));
    }
  };
  const ask = (...content) => () => {
    confirm.replaceChildren(...content,
      ' ', el('button', { type: 'button', class: 'secondary', onclick: () => { confirm.hidden = true; }, 'data-testid': 'cancel-resolve' }, 'Not yet'));
    confirm.hidden = false;
  };
  const undos = item.failedCompensations;
  const resolveAsk = ask(
    el('p', {}, el('strong', {}, 'Mark resolved? '), stuck
      ? `The saga then ends Resolved: nothing is retried or undone. Confirm that you finished ${stuck.name} by hand (or that it is not needed).`
      : 'The saga then ends Resolved and runs no compensation again. Confirm that you undid by hand:'),
    stuck ? null : el('ul', {}, undos.map(u => el('li', {}, u.undoes ?? u.step, u.stepResult ? el('code', { class: 'small' }, ` ${u.stepResult}`) : null))),
    el('button', { type: 'button', onclick: decide('resolved'), 'data-testid': 'confirm-resolve' }, 'Yes, mark resolved'));
  const skipChoice = el('select', { name: 'step', 'data-testid': 'skip-step', 'aria-label': 'compensation to skip' },
    undos.map(u => el('option', { value: u.step }, u.step)));
  const skipAsk = () => {
    note.placeholder = 'reason: how you undid it by hand (required)';
    ask(el('p', {}, el('strong', {}, 'Skip a compensation? '), 'Only once you undid its step by hand; the note says how. ',
      'The saga records it and retries the other failed compensations.'),
    el('p', {}, skipChoice, ' ',
      el('button', { type: 'button', onclick: () => decide('skip', skipChoice.value)(), 'data-testid': 'confirm-skip' }, 'Yes, skip it')))();
  };
  const compensateAsk = ask(
    el('p', {}, el('strong', {}, 'Compensate? '), `The saga gives up on ${stuck?.name ?? 'the step'} and undoes the steps done before it.`),
    el('button', { type: 'button', onclick: decide('compensate'), 'data-testid': 'confirm-compensate' }, 'Yes, compensate'));
  const buttons = {
    RetryCompensations: el('button', { type: 'button', onclick: decide('retry'), 'data-testid': 'retry' }, 'Retry compensations'),
    SkipCompensation: el('button', { type: 'button', class: 'secondary', onclick: skipAsk, 'data-testid': 'skip' }, 'Skip one (undone by hand)…'),
    RetryStep: el('button', { type: 'button', onclick: decide('retry-step', stuck?.name), 'data-testid': 'retry-step' }, 'Retry step'),
    Compensate: el('button', { type: 'button', class: 'secondary', onclick: compensateAsk, 'data-testid': 'compensate' }, 'Compensate…'),
    MarkResolved: el('button', { type: 'button', class: 'secondary', onclick: resolveAsk, 'data-testid': 'resolve' }, 'Mark resolved…'),
  };
  const what = stuck
    ? [el('div', {}, el('a', { href: `#/saga/${encodeURIComponent(item.workflowId)}` }, item.workflowId), ` (${item.sagaType}) waits at step `,
      el('code', { 'data-testid': 'stuck-step' }, stuck.name), stuck.pastPivot ? el('span', { class: 'badge pivot', 'data-testid': 'past-pivot' }, 'past the pivot') : null,
      `: ${stuck.error ?? ''}`),
    el('table', {}, el('tr', {}, ['stuck step', 'failure', 'runs', 'error type', 'nothing undone yet; compensate?'].map(h => el('th', {}, h))),
      el('tr', { 'data-testid': 'stuck' }, el('td', {}, stuck.name), el('td', { 'data-testid': 'failure' }, failureWords(stuck.failure)),
        el('td', {}, stuck.runs), el('td', {}, stuck.errorType ?? ''),
        el('td', {}, stuck.pastPivot ? 'past the pivot: it no longer compensates' : 'compensating is still possible')))]
    : [el('div', {}, el('a', { href: `#/saga/${encodeURIComponent(item.workflowId)}` }, item.workflowId), ` (${item.sagaType}) failed at `,
      el('code', {}, item.failedStep ?? '?'), `: ${item.error ?? ''}`),
    el('table', {}, el('tr', {}, ['failed compensation', 'meant to undo', 'step result', 'runs', 'tries', 'error'].map(h => el('th', {}, h))),
      undos.map(c => el('tr', { 'data-testid': 'failed-compensation' }, el('td', {}, c.step),
        el('td', { 'data-testid': 'undoes' }, c.undoes ?? ''), el('td', {}, c.stepResult ? el('code', { class: 'small' }, c.stepResult) : ''),
        el('td', {}, c.attempts), el('td', {}, c.tries || ''), el('td', {}, c.error ?? ''))))];
  card = el('div', { class: 'card', 'data-testid': 'review-item', 'data-workflow-id': item.workflowId, 'data-awaiting': item.awaiting ?? 'compensations' },
    what,
    el('div', { 'data-testid': 'waiting-since' }, `Waiting since ${utc(item.waitingSinceUtc)} UTC `,
      el('span', { class: 'muted' }, `(${duration(between(item.waitingSinceUtc))}; saga started ${utc(item.startedUtc)} UTC)`)),
    el('p', {}, operator, ' ', note, ' ', actions.filter(a => buttons[a]).map(a => [buttons[a], ' ']),
      el('a', { href: item.webUi, target: '_blank', rel: 'noopener' }, 'Web UI')),
    confirm);
  return card;
}

window.addEventListener('hashchange', route);
route();
