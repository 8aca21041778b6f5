// Customer reviews: the ventures waiting for a vote, and for one venture its rounds, the content
// under review and the approve and reject forms (a reviewer's vote needs the function key).
import { api, ApiError } from '../api.js';
import { field, h, say, show, table, when } from '../dom.js';
import { every } from '../poll.js';

export function reviewsPage(main) {
  const list = h('div');
  show(main, h('h1', {}, 'Reviews awaiting a vote'), list);
  return every(5000, async () => {
    const waiting = [];
    for (const state of ['customer_review', 'review_escalated']) waiting.push(...(await api(`/api/ventures?state=${state}&page_size=200`)).ventures);
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
  const latest = review.rounds[review.rounds.length - 1];
  const reviewer = h('input', { type: 'text', name: 'reviewer', required: true, autocomplete: 'email' });
  const comment = h('textarea', { name: 'comment', rows: 3 });
  const errors = h('ul', { class: 'errors', role: 'alert' });
  const vote = decision => async () => {
    const comments = decision === 'reject' ? review.under_review.map(c => ({ campaign_id: c.id, element: 'headline', comment: comment.value.trim() })) : [];
    if (!reviewer.value.trim()) return show(errors, h('li', {}, 'reviewer: say who votes'));
    if (decision === 'reject' && !comment.value.trim()) return show(errors, h('li', {}, 'comment: say what is wrong'));
    try {
      await api(`${base}/reviews`, { method: 'POST', body: { reviewer: reviewer.value.trim(), decision, comments } });
      say(`Vote recorded: ${decision}.`);
      await ventureReviewsTab(body, id, base);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      show(errors, h('li', {}, `${error.title}: ${error.message}`), error.errors.map(e => h('li', {}, `${e.pointer || ''} ${e.message}`)));
    }
  };
  show(body,
    h('h2', {}, `Round ${latest.round}`),
    table('Votes', [['Reviewer', v => v.reviewer], ['Decision', v => v.decision], ['When', v => when(v.at)], ['Comments', v => v.comments.map(c => `${c.campaign_id} ${c.element}: ${c.comment}`).join('; ')]], latest.votes),
    h('h3', {}, 'Content under review'),
    review.under_review.map(content => h('section', { class: 'card' }, h('h4', {}, `${content.id} (${content.channel})`), h('pre', { class: 'copy' }, copyOf(content)))),
    h('form', { class: 'card inline', 'aria-label': 'Vote', onsubmit: event => event.preventDefault() },
      h('h3', {}, 'Your vote'),
      field('Reviewer', reviewer), field('Comment (for a rejection)', comment), errors,
      h('button', { type: 'button', onclick: vote('approve') }, 'Approve'),
      h('button', { type: 'button', class: 'danger', onclick: vote('reject') }, 'Reject')));
}

function copyOf(content) {
  const elements = content.elements || content.variants || [];
  return Array.isArray(elements) && elements.length
    ? elements.map(e => `${e.element || e.name || ''}: ${e.text || (e.variants || []).map(v => v.text).join(' | ')}`).join('\n')
    : JSON.stringify(content, null, 2);
}
