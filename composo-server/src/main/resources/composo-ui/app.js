// The evaluation viewer: plain browser JavaScript over the server's JSON API. The API key is kept in sessionStorage only
// (gone when the tab closes) and sent in the API-Key header; every value from the server is inserted as text, never HTML.
'use strict';

const KEY = 'composo.apiKey';
const PAGE_SIZE = 25;
const $ = (id) => document.getElementById(id);
const state = { page: 1, totalPages: 0, rows: [], selected: null };

function apiKey() {
  return sessionStorage.getItem(KEY);
}

function showError(message) {
  const e = $('error');
  e.textContent = message;
  e.hidden = !message;
}

function describe(detail) {
  if (Array.isArray(detail)) {
    return detail.map((d) => (Array.isArray(d.loc) ? d.loc.join('.') + ': ' : '') + d.msg).join('; ');
  }
  return typeof detail === 'string' ? detail : 'Unexpected answer from the server';
}

async function api(method, path, body) {
  const headers = { 'API-Key': apiKey(), 'Accept': 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  let json = null;
  try {
    json = await response.json();
  } catch (e) {
    json = null;
  }
  if (response.status === 401) {
    sessionStorage.removeItem(KEY);
    showScreen();
  }
  if (!response.ok) {
    throw new Error(json && json.detail !== undefined ? describe(json.detail) : 'HTTP ' + response.status);
  }
  return json;
}

function showScreen() {
  const hasKey = !!apiKey();
  $('key-section').hidden = hasKey;
  $('main').hidden = !hasKey;
  $('forget-key').hidden = !hasKey;
}

function dateBound(value, end) {
  return value ? value + (end ? 'T23:59:59.999Z' : 'T00:00:00Z') : undefined;
}

function filterBody() {
  const body = { page: state.page, page_size: PAGE_SIZE };
  const tagKey = $('f-tag-key').value.trim();
  const tagValue = $('f-tag-value').value;
  if (tagKey) {
    body.filters = [{ key: tagKey, values: [tagValue] }];
  }
  const criterion = $('f-criterion').value.trim();
  if (criterion) {
    body.criteria_filter = { values: [criterion] };
  }
  if ($('f-endpoint').value) {
    body.endpoint_type = $('f-endpoint').value;
  }
  const min = $('f-min-score').value;
  const max = $('f-max-score').value;
  if (min !== '') {
    body.min_score = Number(min);
  }
  if (max !== '') {
    body.max_score = Number(max);
  }
  const start = dateBound($('f-start').value, false);
  const end = dateBound($('f-end').value, true);
  if (start) {
    body.start_date = start;
  }
  if (end) {
    body.end_date = end;
  }
  return body;
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text === null || text === undefined ? '' : String(text);
  if (className) {
    td.className = className;
  }
  row.appendChild(td);
}

function formatScore(score) {
  return score === null || score === undefined ? '–' : Number(score).toFixed(2);
}

function tagText(tags) {
  return Object.entries(tags || {}).map(([k, v]) => k + '=' + v).join(', ');
}

async function load() {
  showError('');
  try {
    const page = await api('POST', '/api/v1/evaluations/filter', filterBody());
    state.rows = page.evaluations;
    state.totalPages = page.total_pages;
    const tbody = document.querySelector('#results tbody');
    tbody.replaceChildren();
    for (const e of page.evaluations) {
      const tr = document.createElement('tr');
      tr.dataset.id = e.id;
      cell(tr, e.created_at);
      cell(tr, e.endpoint);
      cell(tr, e.model_core);
      cell(tr, e.criteria, 'criteria');
      cell(tr, formatScore(e.score), 'score');
      cell(tr, tagText(e.tags));
      cell(tr, e.status_code);
      tr.addEventListener('click', () => open(e));
      tbody.appendChild(tr);
    }
    $('summary').textContent = page.total === 0 ? 'No evaluations match.'
      : page.total + ' evaluation' + (page.total === 1 ? '' : 's') + ', page ' + page.page + ' of ' + page.total_pages;
    $('prev').disabled = state.page <= 1;
    $('next').disabled = state.page >= state.totalPages;
  } catch (e) {
    showError(e.message);
  }
}

function messageText(content) {
  if (content === null || content === undefined) {
    return '';
  }
  if (typeof content === 'string') {
    return content;
  }
  if (Array.isArray(content)) {
    return content.map((p) => (typeof p === 'string' ? p : p.text !== undefined ? p.text : JSON.stringify(p))).join('\n');
  }
  return JSON.stringify(content);
}

function renderConversation(subject) {
  const box = $('d-conversation');
  box.replaceChildren();
  if (subject && Array.isArray(subject.messages)) {
    if (subject.system) {
      subject = Object.assign({}, subject, { messages: [{ role: 'system', content: subject.system }].concat(subject.messages) });
    }
    for (const m of subject.messages) {
      const div = document.createElement('div');
      div.className = 'message ' + (m.role || '');
      const role = document.createElement('span');
      role.className = 'role';
      role.textContent = m.role || '?';
      const text = document.createElement('span');
      text.className = 'content';
      text.textContent = messageText(m.content) + (m.tool_calls ? '\n[tool calls] ' + JSON.stringify(m.tool_calls) : '');
      div.append(role, text);
      box.appendChild(div);
    }
  } else {
    const pre = document.createElement('pre');
    pre.textContent = JSON.stringify(subject, null, 2);
    box.appendChild(pre);
  }
}

async function open(row) {
  state.selected = row;
  document.querySelectorAll('#results tbody tr').forEach((tr) => tr.classList.toggle('selected', tr.dataset.id === row.id));
  showError('');
  try {
    const trace = await api('GET', '/api/v1/traces/' + encodeURIComponent(row.trace_id));
    const mine = trace.evaluations.find((e) => e.id === row.id) || trace.evaluations[0];
    $('d-id').textContent = row.id;
    $('d-criteria').textContent = mine.criteria || '';
    $('d-score').textContent = formatScore(mine.score);
    $('d-explanation').textContent = mine.explanation || (mine.response ? JSON.stringify(mine.response) : '');
    $('d-trace').textContent = trace.id + (tagText(trace.tags) ? ' (' + tagText(trace.tags) + ')' : '');
    $('d-rating').textContent = trace.rating === null ? 'not rated' : trace.rating ? 'good' : 'bad';
    renderConversation(trace.trace);
    const others = $('d-others');
    others.replaceChildren();
    for (const e of trace.evaluations.filter((x) => x.id !== mine.id)) {
      const li = document.createElement('li');
      li.textContent = formatScore(e.score) + ' · ' + (e.criteria || e.endpoint);
      others.appendChild(li);
    }
    const comments = $('d-comments');
    comments.replaceChildren();
    for (const c of trace.comments) {
      const li = document.createElement('li');
      li.className = 'comment';
      li.textContent = c.created_at + ': ' + c.comment;
      comments.appendChild(li);
    }
    $('detail').hidden = false;
  } catch (e) {
    showError(e.message);
  }
}

async function annotate(path, body) {
  if (!state.selected) {
    return false;
  }
  try {
    await api('POST', path, Object.assign({ trace_id: state.selected.trace_id }, body));
  } catch (e) {
    showError(e.message);
    return false;
  }
  await open(state.selected);
  return true;
}

document.addEventListener('DOMContentLoaded', () => {
  $('key-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const key = $('api-key').value.trim();
    if (!key) {
      return;
    }
    sessionStorage.setItem(KEY, key);
    $('api-key').value = '';
    showScreen();
    load();
  });
  $('forget-key').addEventListener('click', () => {
    sessionStorage.removeItem(KEY);
    $('detail').hidden = true;
    showScreen();
  });
  $('filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    state.page = 1;
    load();
  });
  $('filters').addEventListener('reset', () => setTimeout(() => {
    state.page = 1;
    load();
  }));
  $('prev').addEventListener('click', () => {
    state.page = Math.max(1, state.page - 1);
    load();
  });
  $('next').addEventListener('click', () => {
    state.page += 1;
    load();
  });
  $('comment-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = $('comment-text').value;
    if (!text.trim()) {
      return;
    }
    if (await annotate('/api/v1/annotations/comment', { comment: text })) {
      $('comment-text').value = '';
    }
  });
  $('rate-good').addEventListener('click', () => annotate('/api/v1/annotations/rating', { rating: true }));
  $('rate-bad').addEventListener('click', () => annotate('/api/v1/annotations/rating', { rating: false }));
  showScreen();
  if (apiKey()) {
    load();
  }
});
