// The threshold editor (SPEC C5): one form per metric, checked against the same rules as the
// API before it is sent, with who and why required; the venture's audit trail below it.
import { api, ApiError, encode } from '../api.js';
import { field, h, say, show, table, when } from '../dom.js';
import { session } from '../session.js';
import { metricTitles } from '../charts.js';

const frequencies = ['realtime', 'hourly', 'daily', 'weekly'];
const numbers = [['target', 'Target'], ['alert', 'Alert (ok at or above)'], ['threshold', 'Threshold (breach below)'], ['hard_floor', 'Hard floor (critical below)']];

/** SPEC C5's rules for one row, as the API checks them: each problem names its field. */
export function thresholdProblems(row) {
  const problems = [];
  for (const [name] of [...numbers, ['min_sample'], ['min_hours_since_launch'], ['min_spend']]) {
    if (!Number.isFinite(row[name]) || row[name] < 0) problems.push([name, 'must be a number of at least 0']);
  }
  if (!(row.target > 0)) problems.push(['target', 'must be above 0']);
  if (row.alert > row.target) problems.push(['alert', `must be at most the target (${row.target})`]);
  if (row.threshold > row.alert) problems.push(['threshold', `must be at most the alert level (${row.alert})`]);
  if (row.hard_floor > row.threshold) problems.push(['hard_floor', `must be at most the threshold (${row.threshold})`]);
  if (!frequencies.includes(row.frequency)) problems.push(['frequency', 'must be realtime, hourly, daily or weekly']);
  return problems;
}

export async function thresholdsTab(body, id, base) {
  const trail = h('div');
  const showTrail = async () => show(trail, table('Audit trail', [
    ['When', e => when(e.when)], ['Who', e => e.who], ['What', e => e.what], ['Why', e => e.why],
    ['Before', e => e.old ? summary(e.old) : '–'], ['After', e => e.new ? summary(e.new) : '–'],
  ], [...await api(`${base}/audit`)].reverse()));
  let rows;
  try {
    rows = await api(`${base}/thresholds`);
  } catch (error) {
    if (error.status !== 404) throw error;
    show(body, h('p', {}, 'No thresholds yet: they are set when the venture launches.'), trail);
    await showTrail();
    return;
  }
  show(body,
    session.level === 'admin' ? null : h('p', { class: 'note' }, 'Changing a threshold is a LEAD operation: sign in with the admin key.'),
    h('div', { class: 'threshold-forms' }, rows.map(row => editor(base, row, showTrail))),
    trail);
  await showTrail();
}

function editor(base, row, changed) {
  const inputs = Object.fromEntries(numbers.map(([name]) => [name, h('input', { type: 'number', step: 'any', min: 0, value: row[name], name, required: true })]));
  const frequency = h('select', { name: 'frequency' }, frequencies.map(f => h('option', { value: f, selected: f === row.frequency }, f)));
  const who = h('input', { type: 'text', name: 'changed_by', required: true, autocomplete: 'email' });
  const why = h('input', { type: 'text', name: 'reason', required: true });
  const errors = h('ul', { class: 'errors', role: 'alert' });
  const admin = session.level === 'admin';
  const form = h('form', { class: 'card threshold', dataset: { metric: row.metric }, 'aria-label': `${row.metric} threshold`, onsubmit: async event => {
    event.preventDefault();
    const next = { ...row, frequency: frequency.value };
    for (const [name] of numbers) next[name] = inputs[name].value === '' ? NaN : Number(inputs[name].value);
    const problems = thresholdProblems(next);
    if (!who.value.trim()) problems.push(['changed_by', 'say who changes it']);
    if (!why.value.trim()) problems.push(['reason', 'say why']);
    show(errors, problems.map(([name, problem]) => h('li', {}, `${name}: ${problem}`)));
    if (problems.length) return;
    try {
      const saved = await api(`${base}/thresholds/${encode(row.metric)}`, { method: 'PUT', body: { changed_by: who.value.trim(), reason: why.value.trim(), threshold: next } });
      Object.assign(row, saved);
      why.value = '';
      say(`${row.metric} threshold changed.`);
      await changed();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      show(errors, h('li', {}, `${error.title}: ${error.message}`), error.errors.map(e => h('li', {}, `${e.pointer}: ${e.message}`)));
    }
  } },
  h('h2', {}, metricTitles[row.metric] || row.metric),
  numbers.map(([name, label]) => field(label, inputs[name])),
  field('Measured', frequency),
  field('Changed by', who), field('Why', why),
  errors,
  h('button', { type: 'submit', disabled: !admin, class: 'admin-only' }, 'Save threshold'));
  return form;
}

function summary(json) {
  try {
    const row = JSON.parse(json);
    return `target ${row.target}, alert ${row.alert}, threshold ${row.threshold}, floor ${row.hard_floor}, ${row.frequency}`;
  } catch {
    return json;
  }
}
