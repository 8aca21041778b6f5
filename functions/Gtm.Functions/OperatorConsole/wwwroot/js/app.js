// The console's shell: the key, the navigation, and one page at a time by the URL's hash.
import { accessLevel, ApiError, key } from './api.js';
import { h, say, show } from './dom.js';
import { venturesPage } from './pages/ventures.js';
import { venturePage } from './pages/venture.js';
import { reviewsPage } from './pages/reviews.js';
import { poisonPage } from './pages/poison.js';
import { auditPage } from './pages/audit.js';
import { session } from './session.js';

// Read by the browser tests and the console benchmark: the session, the charts drawn, and when each page was first drawn.
window.gtmConsole = { session, charts: new Map(), rendered: {} };

const main = document.getElementById('main');
let leave = () => {};

const routes = [
  [/^#\/ventures\/([^/]+)(?:\/([a-z-]+))?$/, ([, id, tab]) => venturePage(main, decodeURIComponent(id), tab || 'overview')],
  [/^#\/reviews$/, () => reviewsPage(main)],
  [/^#\/poison$/, () => poisonPage(main)],
  [/^#\/audit$/, () => auditPage(main)],
  [/^#\/ventures$/, () => venturesPage(main)],
];

async function route() {
  leave();
  leave = () => {};
  if (!session.level) return keyPage();
  const hash = location.hash || '#/ventures';
  const match = routes.map(([pattern, page]) => [hash.match(pattern), page]).find(([found]) => found);
  for (const link of document.querySelectorAll('#nav a')) link.toggleAttribute('aria-current', hash.startsWith(link.getAttribute('href')));
  if (!match) return show(main, h('h1', {}, 'Not found'), h('p', {}, 'There is no such page. ', h('a', { href: '#/ventures' }, 'Back to the ventures.')));
  try {
    leave = (await match[1](match[0])) || (() => {});
  } catch (error) {
    show(main, h('h1', {}, 'Something went wrong'), h('p', { class: 'error' }, error.message));
  }
  main.focus({ preventScroll: true });
}

function keyPage(message) {
  document.getElementById('nav').hidden = true;
  show(document.getElementById('session'));
  const input = h('input', { id: 'key', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
  const form = h('form', { class: 'card narrow', onsubmit: async event => {
    event.preventDefault();
    key.set(input.value.trim());
    await signIn();
  } },
  h('h1', {}, 'Operator console'),
  h('p', {}, 'Enter the function key, or the admin key for LEAD operations. It is kept in this browser tab until you close it.'),
  message ? h('p', { class: 'error', role: 'alert' }, message) : null,
  h('div', { class: 'field' }, h('label', { for: 'key' }, 'Function or admin key'), input),
  h('button', { type: 'submit' }, 'Open the console'));
  show(main, form);
  input.focus();
}

async function signIn() {
  try {
    session.level = key.get() ? await accessLevel() : null;
  } catch (error) {
    session.level = null;
    return keyPage(`The API could not be reached: ${error.message}`);
  }
  if (!session.level) {
    key.clear();
    return keyPage('The API refused this key (401). Check the key and try again.');
  }
  document.body.classList.toggle('admin', session.level === 'admin');
  document.getElementById('nav').hidden = false;
  show(document.getElementById('session'),
    h('span', {}, session.level === 'admin' ? 'Admin key: LEAD operations enabled' : 'Function key: read and vote only'),
    h('button', { type: 'button', class: 'link', onclick: () => { key.clear(); session.level = null; route(); } }, 'Sign out'));
  await route();
}

document.addEventListener('gtm:unauthorized', () => {
  if (!session.level) return;
  say('The API answered 401: the key is no longer accepted.', 'error');
});
window.addEventListener('unhandledrejection', event => {
  const error = event.reason;
  say(error instanceof ApiError ? `${error.title}: ${error.message}` : String(error?.message || error), 'error');
});
window.addEventListener('hashchange', route);
signIn();
