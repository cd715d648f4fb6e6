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
    throw error;
  }
  return data;
}

function status(value) {
  return el('span', { class: `status s-${value}`, 'data-testid': 'status' }, value ?? '');
}

function problemBox(error) {
  return el('p', { class: 'error', 'data-testid': 'error' },
    error.status ? `${error.status}: ` : '', error.field ? `[${error.field}] ` : '', error.message);
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
      const saga = await api('GET', `/api/sagas/${encodeURIComponent(workflowId)}`);
      target.replaceChildren(sagaDetails(saga));
      if (!saga.finished) poller = setTimeout(tick, saga.state?.status === 'ManualReviewRequired' ? 2000 : 400);
    } catch (error) {
      target.replaceChildren(problemBox(error));
      if (error.status === 503) poller = setTimeout(tick, 2000);
    }
  };
  tick();
}

function sagaDetails(saga) {
  const state = saga.state;
  const parts = [
    el('div', { class: 'card', 'data-testid': 'saga' },
      el('div', {}, 'Saga ', el('a', { href: `#/saga/${encodeURIComponent(saga.workflowId)}`, 'data-testid': 'workflow-id' }, saga.workflowId),
        ' — ', status(state?.status ?? saga.executionStatus),
        el('span', { class: 'muted' }, ` (Temporal: ${saga.executionStatus})`)),
      el('div', {}, 'Correlation id: ', el('code', { 'data-testid': 'correlation-id' }, state?.sagaId ?? saga.workflowId)),
      state?.failedStep ? el('div', {}, 'Failed step: ', el('code', { 'data-testid': 'failed-step' }, state.failedStep), ' — ', state.error ?? '') : null,
      el('div', {}, el('a', { href: saga.webUi, target: '_blank', rel: 'noopener', 'data-testid': 'web-ui-link' }, 'Open in the Temporal Web UI')),
      state?.status === 'ManualReviewRequired' ? el('div', { class: 'error' }, 'Waiting for manual review: ', el('a', { href: '#/reviews' }, 'open the inbox')) : null),
  ];
  if (state) {
    parts.push(el('h2', {}, 'Steps and compensations'), ledger(state.steps));
  }
  if (saga.finished) {
    parts.push(el('h2', {}, 'Result'),
      saga.result ? el('pre', { 'data-testid': 'result' }, JSON.stringify(saga.result, null, 2))
        : el('p', { class: 'error', 'data-testid': 'result' }, saga.resultError ?? 'no result'));
  }
  return el('div', {}, parts);
}

function ledger(steps) {
  return el('table', { 'data-testid': 'ledger' },
    el('tr', {}, ['#', 'step', 'kind', 'status', 'attempt', 'outcome', 'error', 'started (UTC)'].map(h => el('th', {}, h))),
    steps.map((s, i) => el('tr', { class: `kind-${s.kind}`, 'data-name': s.name, 'data-kind': s.kind, 'data-status': s.status },
      el('td', {}, i + 1), el('td', {}, s.name), el('td', {}, s.kind), el('td', {}, status(s.status)), el('td', {}, s.attempt),
      el('td', {}, s.outcome ?? ''), el('td', {}, s.error ?? ''), el('td', {}, (s.startedUtc || '').replace('T', ' ').slice(0, 23)))));
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
  view.append(el('table', { 'data-testid': 'saga-list' },
    el('tr', {}, ['workflow id', 'saga type', 'saga status', 'failed step', 'Temporal', 'started (UTC)', ''].map(h => el('th', {}, h))),
    sagas.map(s => el('tr', { 'data-workflow-id': s.workflowId },
      el('td', {}, el('a', { href: `#/saga/${encodeURIComponent(s.workflowId)}` }, s.workflowId)),
      el('td', {}, s.sagaType ?? s.workflowType), el('td', {}, status(s.sagaStatus)), el('td', {}, s.failedStep ?? ''),
      el('td', {}, s.executionStatus), el('td', {}, s.startedUtc.replace('T', ' ').slice(0, 19)),
      el('td', {}, el('a', { href: s.webUi, target: '_blank', rel: 'noopener' }, 'Web UI'))))));
  view.append(el('p', { class: 'muted' }, `${sagas.length} saga(s). The Web UI, filtered by saga status: `,
    meta.statuses.map(s => [el('a', { href: meta.webUiByStatus[s], target: '_blank', rel: 'noopener' }, s), ' '])));
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
  for (const item of items) {
    const operator = el('input', { name: 'operator', placeholder: 'operator', 'data-testid': 'operator' });
    const note = el('input', { name: 'note', placeholder: 'note (optional)', size: 40, 'data-testid': 'note' });
    const decide = action => async () => {
      answer.replaceChildren();
      try {
        const outcome = await api('POST', `/api/sagas/${encodeURIComponent(item.workflowId)}/review`,
          { action, operator: operator.value, note: note.value || null });
        answer.append(el('p', { class: 'answer' }, `${outcome.workflowId}: ${outcome.decision.action} by ${outcome.decision.operator} accepted — the saga is ${outcome.answer.willDo}.`));
        card.remove();
        setTimeout(() => { if (location.hash.startsWith('#/reviews')) route(); }, 1500);
      } catch (error) {
        answer.append(el('p', { class: 'error' }, `${item.workflowId}: rejected — `, error.field ? `[${error.field}] ` : '', error.message));
      }
    };
    const card = el('div', { class: 'card', 'data-testid': 'review-item', 'data-workflow-id': item.workflowId },
      el('div', {}, el('a', { href: `#/saga/${encodeURIComponent(item.workflowId)}` }, item.workflowId), ` (${item.sagaType}) failed at `,
        el('code', {}, item.failedStep ?? '?'), `: ${item.error ?? ''}`),
      el('table', {}, el('tr', {}, el('th', {}, 'failed compensation'), el('th', {}, 'attempts'), el('th', {}, 'error')),
        item.failedCompensations.map(c => el('tr', { 'data-testid': 'failed-compensation' }, el('td', {}, c.step), el('td', {}, c.attempts), el('td', {}, c.error ?? '')))),
      el('p', {}, operator, ' ', note, ' ',
        el('button', { type: 'button', onclick: decide('retry'), 'data-testid': 'retry' }, 'Retry compensations'), ' ',
        el('button', { type: 'button', class: 'secondary', onclick: decide('resolved'), 'data-testid': 'resolve' }, 'Mark resolved'), ' ',
        el('a', { href: item.webUi, target: '_blank', rel: 'noopener' }, 'Web UI')));
    view.append(card);
  }
}

window.addEventListener('hashchange', route);
route();
