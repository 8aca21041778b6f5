// Customer reviews: the ventures waiting for a vote, and for one venture its rounds, the content
// under review and the approve and reject forms (a reviewer's vote needs the function key).
import { api, ApiError } from '../api.js';
import { field, h, say, show, table, when } from '../dom.js';
import { every } from '../poll.js';
import { session } from '../session.js';

export function reviewsPage(main) {
  const list = h('div');
  show(main, h('h1', {}, 'Reviews awaiting a vote'), list);
  return every(5000, async () => {
    const pages = await Promise.all(['customer_review', 'review_escalated'].map(state => api(`/api/ventures?state=${state}&page_size=200`)));
    const waiting = pages.flatMap(page => page.ventures);
    show(list, table('Ventures in customer review', [
      ['Venture', v => h('a', { href: `#/ventures/${encodeURIComponent(v.ventureId)}/reviews` }, v.name || v.ventureId)],
      ['State', v => v.state], ['Detail', v => v.detail || '–'], ['Since', v => when(v.updatedAt)],
    ], waiting));
  });
}

export async function ventureReviewsTab(body, id, base) {
  let review;
  try {
    review = await api(`${base}/reviews`);
  } catch (error) {
    if (error.status !== 404) throw error;
    return show(body, h('p', {}, 'This venture has no customer validation round.'));
  }
  const { round, votes } = review.rounds[review.rounds.length - 1];
  const contents = review.under_review;
  const reviewer = h('input', { type: 'text', name: 'reviewer', required: true, autocomplete: 'email' });
  const campaign = h('select', { name: 'campaign_id' }, contents.map(c => h('option', { value: c.id }, c.id)));
  const element = h('select', { name: 'element' });
  const elementsOf = () => show(element, (contents.find(c => c.id === campaign.value)?.elements || []).map(e => h('option', { value: e.kind }, e.kind)));
  campaign.addEventListener('change', elementsOf);
  elementsOf();
  const comment = h('textarea', { name: 'comment', rows: 3 });
  const suggestion = h('input', { type: 'text', name: 'suggested_text' });
  const errors = h('ul', { class: 'errors', role: 'alert' });
  const vote = decision => async () => {
    const problems = [];
    if (!reviewer.value.trim()) problems.push('reviewer: say who votes');
    if (decision === 'reject' && !comment.value.trim()) problems.push('comment: say what is wrong');
    show(errors, problems.map(p => h('li', {}, p)));
    if (problems.length) return;
    const comments = decision === 'reject'
      ? [{ campaign_id: campaign.value, element: element.value, comment: comment.value.trim(), suggested_text: suggestion.value.trim() || undefined }]
      : [];
    try {
      await api(`${base}/reviews`, { method: 'POST', body: { reviewer: reviewer.value.trim(), decision, comments } });
      say(`Vote recorded: ${decision}.`);
      await ventureReviewsTab(body, id, base);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      show(errors, h('li', {}, `${error.title}: ${error.message}`), error.errors.map(e => h('li', {}, `${e.pointer || ''} ${e.message}`)));
    }
  };
  const open = round.status === 'open';
  show(body,
    h('h2', {}, `Round ${round.round}: ${round.status}`),
    h('p', {}, `Board: ${round.reviewers.join(', ')}; ${round.required_approvals} approval(s) needed; deadline ${when(round.deadline)}.`),
    table('Votes', [['Reviewer', v => v.reviewer], ['Decision', v => v.decision], ['When', v => when(v.at)], ['Comments', v => v.comments.map(c => `${c.campaign_id} ${c.element}: ${c.comment}`).join('; ')]], votes),
    h('h3', {}, 'Content under review'),
    contents.map(content => table(`${content.id} (${content.channel})`, [
      ['Element', e => e.kind], ['Variants', e => h('ol', { class: 'variants' }, e.variants.map(v => h('li', {}, v.text)))],
    ], content.elements)),
    open ? h('form', { class: 'card inline', 'aria-label': 'Vote', onsubmit: event => event.preventDefault() },
      h('h3', {}, 'Your vote'),
      field('Reviewer', reviewer), field('Campaign (for a rejection)', campaign), field('Element', element),
      field('Comment (for a rejection)', comment), field('Suggested text', suggestion), errors,
      h('button', { type: 'button', onclick: vote('approve') }, 'Approve'),
      h('button', { type: 'button', class: 'danger', onclick: vote('reject') }, 'Reject')) : null,
    round.status === 'escalated' ? escalation(base, () => ventureReviewsTab(body, id, base)) : null,
    !open && round.status !== 'escalated' ? h('p', { class: 'note' }, 'This round is closed.') : null);
}

/** The LEAD operator's decision on a round the board did not decide in time (admin key, audited). */
function escalation(base, decided) {
  const who = h('input', { type: 'text', name: 'decided_by', required: true, autocomplete: 'email' });
  const why = h('input', { type: 'text', name: 'reason', required: true });
  const errors = h('ul', { class: 'errors', role: 'alert' });
  const admin = session.level === 'admin';
  const decide = decision => async () => {
    if (!who.value.trim() || !why.value.trim()) return show(errors, h('li', {}, 'Say who decides and why.'));
    try {
      await api(`${base}/reviews/escalation`, { method: 'POST', body: { decided_by: who.value.trim(), decision, reason: why.value.trim() } });
      say(`Escalated round decided: ${decision}.`);
      await decided();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      show(errors, h('li', {}, `${error.title}: ${error.message}`));
    }
  };
  return h('form', { class: 'card inline', 'aria-label': 'LEAD decision', onsubmit: event => event.preventDefault() },
    h('h3', {}, 'Escalated: the LEAD operator decides'),
    admin ? null : h('p', { class: 'note' }, 'Deciding an escalated round is a LEAD operation: sign in with the admin key.'),
    field('Decided by', who), field('Why', why), errors,
    h('button', { type: 'button', class: 'admin-only', disabled: !admin, onclick: decide('approve') }, 'Approve for the board'),
    h('button', { type: 'button', class: 'danger admin-only', disabled: !admin, onclick: decide('reject') }, 'Reject for the board'));
}
