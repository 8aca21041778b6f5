// Building the page from data: every value is set as text or as an attribute, never parsed as
// HTML, so names, comments and copy from users are shown as they were written.

/** An element with attributes (on* names become listeners) and children (strings become text). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces what an element shows. */
export function show(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

/** A table with a caption, column headings and one row per item. */
export function table(caption, columns, rows, rowAttributes = () => ({})) {
  return h('table', {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, columns.map(([heading]) => h('th', { scope: 'col' }, heading)))),
    h('tbody', {}, rows.length === 0
      ? h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, 'Nothing yet.'))
      : rows.map(row => h('tr', rowAttributes(row), columns.map(([, cell]) => h('td', {}, cell(row)))))));
}

/** A labelled control: the label names it for screen readers and clicks. */
let controls = 0;
export function field(label, control, hint) {
  const id = control.id || `control-${++controls}`;
  control.id = id;
  const hintId = hint ? `${id}-hint` : undefined;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('small', { id: hintId }, hint) : null);
}

export const when = value => value ? new Date(value).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '–';
export const number = (value, digits = 3) => value === null || value === undefined ? '–' : Number(value).toLocaleString(undefined, { maximumFractionDigits: digits });
export const percent = value => value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)} %`;

/** A short message to the operator in the status line. */
export function say(message, kind = 'info') {
  const status = document.getElementById('status');
  status.className = `status ${kind}`;
  status.textContent = message;
  if (kind !== 'error') setTimeout(() => { if (status.textContent === message) status.textContent = ''; }, 6000);
}
