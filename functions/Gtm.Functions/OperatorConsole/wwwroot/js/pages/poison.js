// Poison messages of the app's queues and dead-lettered messages of its Service Bus intake, each with its error, and the LEAD's replay.
import { api, ApiError, encode } from '../api.js';
import { field, h, say, show, table, when } from '../dom.js';
import { session } from '../session.js';
import { every } from '../poll.js';

export function poisonPage(main) {
  const list = h('div');
  show(main, h('h1', {}, 'Poison messages'),
    session.level === 'admin' ? null : h('p', { class: 'note' }, 'Replaying is a LEAD operation: sign in with the admin key.'),
    list);
  let shown = '';
  return every(5000, async () => {
    const queues = await api('/api/poison');
    const signature = JSON.stringify(queues);
    if (signature === shown) return;
    shown = signature;
    show(list, queues.map(queue));
  });
}

// Storage queues keep theirs in {queue}-poison; a Service Bus queue in its dead-letter sub-queue.
function queue({ queue: name, transport, heldIn, messages, unavailable }) {
  const serviceBus = transport === 'service_bus';
  const target = serviceBus ? `${name} (Service Bus)` : name;
  const path = serviceBus ? `/api/poison/service-bus/${encode(name)}` : `/api/poison/${encode(name)}`;
  const who = h('input', { type: 'text', name: 'requested_by', required: true, autocomplete: 'email' });
  const why = h('input', { type: 'text', name: 'reason', required: true });
  const result = h('p', { 'aria-live': 'polite' });
  const replay = async event => {
    event.preventDefault();
    if (!who.value.trim() || !why.value.trim()) return show(result, 'Say who replays and why.');
    try {
      const done = await api(`${path}/replay`, { method: 'POST', body: { requested_by: who.value.trim(), reason: why.value.trim() } });
      show(result, `${done.replayed} message(s) put back on ${target}.`);
      say(`Replayed ${done.replayed} message(s) onto ${target}.`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      show(result, `${error.title}: ${error.message}`);
    }
  };
  return h('section', { class: 'card', dataset: { queue: name, transport } },
    h('h2', {}, heldIn),
    serviceBus ? h('p', { class: 'note' }, `Service Bus queue ${name}: dead-lettered by the intake or after its max delivery count.`) : null,
    unavailable ? h('p', { class: 'error', role: 'status' }, unavailable) : null,
    table(`${messages.length} message(s)`, [
      ['Message', m => m.messageId], ['Failed', m => when(m.failedAt)], ['Attempts', m => m.dequeueCount ?? '–'],
      ['Error', m => m.error || 'failed on every attempt (moved by the host)'], ['Body', m => h('pre', { class: 'body' }, m.body.length > 400 ? `${m.body.slice(0, 400)}…` : m.body)],
    ], messages),
    messages.length ? h('form', { class: 'inline', 'aria-label': `Replay ${target}`, onsubmit: replay },
      field('Requested by', who), field('Why', why),
      h('button', { type: 'submit', class: 'admin-only', disabled: session.level !== 'admin' }, `Replay onto ${target}`)) : null,
    result);
}
