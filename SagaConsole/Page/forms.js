// The test forms: each rendered from its description at GET /api/forms (fields, failure options), and the actions a
// form offers on the saga it started (GET /api/actions) while the saga waits for them. Uses console.js's el, api,
// problemBox, watch and forms; loaded before it.
'use strict';

let formActions = null;

// #/test/{sagaType}: that type's form; #/test: the first one; a type without a form says so.
async function testPage(sagaType) {
  formActions ??= await api('GET', '/api/actions');
  const form = sagaType ? forms.find(f => f.sagaType === sagaType) : forms[0];
  view.append(el('h1', {}, 'Test a saga'));
  view.append(el('p', { class: 'tabs' }, forms.map(f =>
    el('a', { href: `#/test/${f.sagaType}`, class: f === form ? 'current' : null, 'data-testid': `tab-${f.sagaType}` }, f.title))));
  if (!form) {
    view.append(sagaType
      ? el('p', { class: 'error', 'data-testid': 'unknown-form' },
        `No test form for the saga type '${sagaType}'. `,
        forms.length ? `Forms: ${forms.map(f => f.sagaType).join(', ')} (the tabs above).` : 'No saga type has a test form.')
      : el('p', { 'data-testid': 'unknown-form' }, 'No saga type has a test form.'));
    return;
  }

  const inputs = fieldInputs(form.fields, 'f-');
  const errorBox = el('div', { 'data-testid': 'form-error' });
  const actionsBox = el('div', { 'data-testid': 'actions' });
  const live = el('div', { id: 'live' });
  const run = el('button', { type: 'submit', 'data-testid': 'run' }, 'Run saga');
  const formNode = el('form', { class: 'saga', 'data-testid': 'saga-form', 'data-saga-type': form.sagaType },
    inputs.nodes, el('span'), el('span', {}, run));
  formNode.addEventListener('submit', async event => {
    event.preventDefault();
    errorBox.replaceChildren();
    actionsBox.replaceChildren();
    run.disabled = true;
    try {
      const started = await api('POST', `/api/sagas/${form.sagaType}`, inputs.body());
      watch(started.workflowId, live);
      const actions = formActions.filter(a => a.sagaType === form.sagaType);
      if (actions.length) offerActions(started.workflowId, actions, actionsBox);
    } catch (error) {
      errorBox.append(problemBox(error));
    } finally {
      run.disabled = false;
    }
  });
  view.append(el('h2', {}, form.title), formNode, errorBox, actionsBox, live);
}

// One input per field, by kind (ids idPrefix + name); body() reads them as the API takes them (an empty field is left
// out: the API's default).
function fieldInputs(fields, idPrefix) {
  const inputs = {};
  const nodes = fields.map(field => {
    const id = `${idPrefix}${field.name}`;
    let input;
    if (field.kind === 'select') {
      const choices = field.default === null || field.default === undefined ? ['', ...field.choices] : field.choices;
      input = el('select', { name: field.name, id },
        choices.map(c => el('option', { value: c, selected: c === field.default }, c || '(none)')));
    } else if (field.kind === 'checkbox') {
      input = el('input', { type: 'checkbox', name: field.name, id, checked: field.default === true });
    } else if (field.kind === 'textarea') {
      input = el('textarea', { name: field.name, id, rows: 4, cols: 60 }, field.default ?? '');
    } else {
      // A text field with values offered: a datalist (another value may be typed; the API checks it).
      const list = field.choices?.length ? `${id}-values` : null;
      input = el('input', {
        type: field.kind === 'number' ? 'number' : 'text', step: field.kind === 'number' ? 'any' : null,
        name: field.name, id, value: field.default ?? '', list,
      });
      if (list) input = el('span', { class: 'with-values' }, input, el('datalist', { id: list }, field.choices.map(c => el('option', { value: c }))));
    }
    const control = input.tagName === 'SPAN' ? input.querySelector('input') : input;
    inputs[field.name] = { field, input: control };
    return [el('label', { for: id }, field.label), input, field.hint ? el('span', { class: 'hint' }, field.hint) : null];
  });
  const body = () => {
    const value = {};
    for (const { field, input } of Object.values(inputs)) {
      if (field.kind === 'checkbox') value[field.name] = input.checked;
      else if (input.value === '') continue;
      else if (field.kind === 'number') value[field.name] = Number(input.value);
      else value[field.name] = input.value;
    }
    return value;
  };
  return { inputs, nodes, body };
}

// The actions on a started saga, shown while its ledger has the action's wait step running (the seats are held).
function offerActions(workflowId, actions, target) {
  let acting = false;
  const answer = el('div', { 'data-testid': 'action-answer' });
  const panels = actions.map((action, i) => {
    const inputs = fieldInputs(action.fields, `a-${action.name}-`);
    const button = el('button', { type: 'submit', class: i > 0 ? 'secondary' : null, 'data-testid': `action-${action.name}` }, action.label);
    const node = el('fieldset', { class: 'action', 'data-action': action.name },
      el('legend', {}, action.label),
      el('form', { class: 'saga' }, inputs.nodes, inputs.nodes.length ? el('span') : null, el('span', {}, button)));
    node.querySelector('form').addEventListener('submit', async event => {
      event.preventDefault();
      answer.replaceChildren();
      acting = true;
      for (const b of target.querySelectorAll('button')) b.disabled = true;
      try {
        const outcome = await api('POST', `/api/sagas/${encodeURIComponent(workflowId)}/${action.name}`, inputs.body());
        answer.append(el('p', { class: 'answer' }, `${action.label}: ${outcome.summary}`));
      } catch (error) {
        answer.append(problemBox(error, node));
      } finally {
        acting = false;
        for (const b of target.querySelectorAll('button')) b.disabled = false;
      }
    });
    return { action, node };
  });
  const steps = [...new Set(actions.map(a => a.whileStep))].join(', ');
  const box = el('div', { class: 'card actions', hidden: true },
    el('h2', {}, `The saga waits (${steps}): ${actions.map(a => a.label).join(' or ')}`), el('div', { class: 'action-row' }, panels.map(p => p.node)));
  target.replaceChildren(box, answer);

  const tick = async () => {
    if (!target.isConnected || !box.isConnected) return; // another page, or another run of the form
    let saga;
    try {
      saga = await api('GET', `/api/sagas/${encodeURIComponent(workflowId)}`);
    } catch {
      setTimeout(tick, 2000);
      return;
    }
    const running = new Set((saga.state?.steps ?? []).filter(s => s.kind === 'Wait' && s.status === 'Running').map(s => s.name));
    let shown = false;
    for (const { action, node } of panels) {
      node.hidden = !running.has(action.whileStep);
      shown ||= !node.hidden;
    }
    box.hidden = !shown && !acting;
    if (!saga.finished) setTimeout(tick, 500);
    else if (!acting) box.hidden = true;
  };
  tick();
}
