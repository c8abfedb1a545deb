// Gatehouse audit viewer. Signs in with authorization code + PKCE (public client gatehouse-audit-viewer),
// keeps tokens in memory only (a reload signs in again, silently while the Keycloak session lasts), and calls
// the admin REST of this realm. Every value from the server reaches the page through textContent, never HTML.
'use strict';
(function () {
  const CLIENT_ID = 'gatehouse-audit-viewer';
  const m = /^(.*)\/realms\/([^/]+)\/gatehouse-audit-viewer\/?$/.exec(location.pathname);
  if (!m) { return; }
  const prefix = m[1];
  const realmPath = m[2];
  const realm = decodeURIComponent(realmPath);
  const oidc = location.origin + prefix + '/realms/' + realmPath + '/protocol/openid-connect';
  const api = location.origin + prefix + '/admin/realms/' + realmPath + '/gatehouse-audit';
  const redirectUri = location.origin + prefix + '/realms/' + realmPath + '/gatehouse-audit-viewer/';
  let tokens = null; // {access, refresh, id, exp}
  let cursors = [null]; // cursor of each page shown so far (null = first page)
  let next = null;

  const $ = (id) => document.getElementById(id);
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function show(msg) { const p = $('message'); p.textContent = msg; p.hidden = !msg; }

  function b64url(bytes) {
    let s = '';
    bytes.forEach((b) => { s += String.fromCharCode(b); });
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function random() { return b64url(crypto.getRandomValues(new Uint8Array(32))); }

  async function signIn() {
    if (!window.crypto || !crypto.subtle) { show('The viewer needs a secure context (HTTPS or localhost) for PKCE.'); return; }
    const verifier = random();
    const state = random();
    const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
    // Only the PKCE verifier and state cross the redirect (sessionStorage, this tab); tokens never touch storage.
    sessionStorage.setItem('gatehouse-audit-viewer', JSON.stringify({ verifier, state }));
    const q = new URLSearchParams({ client_id: CLIENT_ID, redirect_uri: redirectUri, response_type: 'code', scope: 'openid',
      state, nonce: random(), code_challenge: challenge, code_challenge_method: 'S256' });
    location.assign(oidc + '/auth?' + q);
  }

  async function tokenRequest(params) {
    const r = await fetch(oidc + '/token', { method: 'POST', body: new URLSearchParams(params), credentials: 'omit' });
    if (!r.ok) { throw new Error('token endpoint answered ' + r.status); }
    const t = await r.json();
    tokens = { access: t.access_token, refresh: t.refresh_token, id: t.id_token || (tokens && tokens.id), exp: Date.now() + t.expires_in * 1000 };
  }

  async function finishSignIn() {
    const q = new URLSearchParams(location.search);
    const saved = JSON.parse(sessionStorage.getItem('gatehouse-audit-viewer') || 'null');
    sessionStorage.removeItem('gatehouse-audit-viewer');
    history.replaceState(null, '', redirectUri);
    if (q.get('error')) { show('Sign-in failed (' + q.get('error') + ').'); return false; }
    if (!saved || q.get('state') !== saved.state) { show('Sign-in failed: the answer did not match this tab. Reload to try again.'); return false; }
    await tokenRequest({ grant_type: 'authorization_code', code: q.get('code'), redirect_uri: redirectUri, client_id: CLIENT_ID, code_verifier: saved.verifier });
    return true;
  }

  async function call(path, opts) {
    if (tokens.exp - Date.now() < 10000 && tokens.refresh) {
      try { await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh, client_id: CLIENT_ID }); } catch (e) { await signIn(); throw e; }
    }
    const r = await fetch(api + path, Object.assign({ headers: { Authorization: 'Bearer ' + tokens.access }, credentials: 'omit' }, opts || {}));
    if (r.status === 401) { await signIn(); throw new Error('signed out'); }
    if (r.status === 403) {
      throw new Error('Your account may not read this realm\'s audit log: it needs the realm-management role view-events'
        + ((opts && opts.method === 'POST') ? ' (verifying needs manage-events)' : '') + '.');
    }
    if (!r.ok) {
      let text = 'The server answered ' + r.status + '.';
      try { const b = await r.json(); if (b && (b.error || b.errorMessage)) { text = b.errorMessage || b.error; } } catch (e) { /* not JSON */ }
      throw new Error(text);
    }
    return r;
  }

  function filterParams() {
    const p = new URLSearchParams();
    ['user', 'kind', 'type', 'outcome', 'ip', 'client', 'from', 'to', 'search'].forEach((n) => {
      const v = $('f-' + n).value.trim();
      if (v) { p.set(n, v); }
    });
    return p;
  }

  function time(ms) { return ms === undefined || ms === null ? '' : new Date(ms).toISOString().replace('T', ' ').replace('Z', ''); }
  function action(r) { return r.type || r.operation || (r.pruned ? '(pruned)' : ''); }
  function actor(r) { return r.user || r.authUser || ''; }
  function client(r) { return r.client || r.authClient || ''; }
  function details(r) {
    const parts = [];
    if (r.details) { Object.keys(r.details).sort().forEach((k) => parts.push(k + '=' + r.details[k])); }
    if (r.resourcePath) { parts.push((r.resourceType || '') + ' ' + r.resourcePath); }
    return parts.join(' ');
  }
  function row(r, withButton) {
    const tr = el('tr', null, r.error ? 'error' : '');
    [time(r.time), r.kind || '', action(r), r.error ? 'error: ' + r.error : 'success', actor(r), client(r), r.ip || ''].forEach((v) => tr.append(el('td', v)));
    tr.append(el('td', details(r), 'details'));
    const td = el('td');
    if (withButton && r.recordId) {
      const b = el('button', 'Related', 'related');
      b.type = 'button';
      b.addEventListener('click', () => related(r.recordId).catch((e) => show(e.message)));
      td.append(b);
    }
    tr.append(td);
    return tr;
  }

  async function load() {
    show('');
    const p = filterParams();
    p.set('max', $('f-max').value);
    const cursor = cursors[cursors.length - 1];
    if (cursor) { p.set('cursor', cursor); }
    const r = await call('/records?' + p);
    next = r.headers.get('Gatehouse-Next-Cursor');
    const records = await r.json();
    const body = $('records').tBodies[0];
    body.replaceChildren(...records.map((x) => row(x, true)));
    if (!records.length) { const tr = el('tr'); const td = el('td', 'No records match.'); td.colSpan = 9; tr.append(td); body.append(tr); }
    $('page').textContent = 'page ' + cursors.length;
    $('newer').disabled = cursors.length === 1;
    $('older').disabled = !next;
  }

  async function related(id) {
    const r = await (await call('/records/' + encodeURIComponent(id) + '/related')).json();
    const dl = $('related-record');
    dl.replaceChildren();
    Object.keys(r.record).forEach((k) => {
      const v = r.record[k];
      dl.append(el('dt', k), el('dd', typeof v === 'object' && v !== null ? JSON.stringify(v) : v));
    });
    [['same-session', r.sameSession], ['same-correlation', r.sameCorrelationId], ['same-user', r.sameUserAround]].forEach(([tid, list]) => {
      const body = $(tid).tBodies[0];
      body.replaceChildren(...list.map((x) => row(x, true)));
      if (!list.length) { const tr = el('tr'); tr.append(el('td', 'none')); body.append(tr); }
    });
    $('related').hidden = false;
    $('related').scrollIntoView();
  }

  async function status() {
    const s = await (await call('/status')).json();
    const dl = $('status-list');
    dl.replaceChildren();
    const add = (k, v) => dl.append(el('dt', k), el('dd', v));
    add('Sealed records', s.sealed);
    add('Unsealed backlog', s.unsealed + (s.oldestUnsealedAgeMillis != null ? ' (oldest ' + Math.round(s.oldestUnsealedAgeMillis / 1000) + ' s)' : ''));
    add('Latest checkpoint', s.checkpointSize != null ? 'tree size ' + s.checkpointSize + ' at ' + time(s.checkpointTime) : 'none yet');
    add('Checkpoints signed', s.signed ? 'yes' : 'no (no signing key configured)');
    if (s.verifierKey) { add('Verifier key', s.verifierKey); }
    $('checkpoint').textContent = s.checkpoint || '';
  }

  async function verify() {
    $('verify-result').textContent = 'verifying…';
    try {
      const v = await (await call('/verify', { method: 'POST', headers: { Authorization: 'Bearer ' + tokens.access, 'Content-Type': 'application/json' }, body: '{}' })).json();
      $('verify-result').textContent = v.ok ? 'chain verified: ' + JSON.stringify(v) : 'VERIFICATION FAILED: ' + JSON.stringify(v);
    } catch (e) { $('verify-result').textContent = e.message; }
  }

  async function exportAs(format) {
    const p = filterParams();
    p.set('format', format);
    const r = await call('/export?' + p);
    const blob = await r.blob();
    const cd = r.headers.get('Content-Disposition') || '';
    const name = (/filename="([A-Za-z0-9._-]+)"/.exec(cd) || [null, 'audit.' + format])[1];
    const a = el('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.id = 'download-' + format;
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 60000);
    show('Exported ' + name + ' (' + blob.size + ' bytes); the export is recorded in the log.');
  }

  function signOut() {
    const q = new URLSearchParams({ client_id: CLIENT_ID, post_logout_redirect_uri: redirectUri });
    if (tokens && tokens.id) { q.set('id_token_hint', tokens.id); }
    tokens = null;
    location.assign(oidc + '/logout?' + q);
  }

  function bind() {
    $('filters').addEventListener('submit', (e) => { e.preventDefault(); cursors = [null]; load().catch((x) => show(x.message)); });
    $('reset').addEventListener('click', () => { $('filters').reset(); cursors = [null]; load().catch((x) => show(x.message)); });
    $('older').addEventListener('click', () => { if (next) { cursors.push(next); load().catch((x) => show(x.message)); } });
    $('newer').addEventListener('click', () => { if (cursors.length > 1) { cursors.pop(); load().catch((x) => show(x.message)); } });
    $('export-csv').addEventListener('click', () => exportAs('csv').catch((x) => show(x.message)));
    $('export-jsonl').addEventListener('click', () => exportAs('jsonl').catch((x) => show(x.message)));
    $('verify').addEventListener('click', () => verify());
    $('close-related').addEventListener('click', () => { $('related').hidden = true; });
    $('sign-out').addEventListener('click', signOut);
  }

  async function start() {
    $('realm').textContent = 'realm ' + realm;
    bind();
    const q = new URLSearchParams(location.search);
    if (!(q.has('code') || q.has('error'))) { await signIn(); return; }
    if (!(await finishSignIn())) { return; }
    // The ID token is used only to show the name and as id_token_hint at sign-out, never to authorize anything
    // (the admin REST checks the access token), so its nonce is not checked here.
    try {
      const claims = JSON.parse(atob(tokens.id.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      $('who').textContent = 'signed in as ' + (claims.preferred_username || claims.sub);
    } catch (e) { /* no id token: leave the name out */ }
    $('sign-out').hidden = false;
    try {
      await status();
      $('app').hidden = false;
      await load();
    } catch (e) { show(e.message); }
  }

  document.addEventListener('DOMContentLoaded', () => { start().catch((e) => show('Sign-in failed: ' + e.message)); });
}());
