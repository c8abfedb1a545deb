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
    const headers = Object.assign({}, (opts && opts.headers) || {}, { Authorization: 'Bearer ' + tokens.access });
    const r = await fetch(api + path, Object.assign({}, opts || {}, { headers, credentials: 'omit' }));
    if (r.status === 401) { await signIn(); throw new Error('signed out'); }
    if (r.status === 403) {
      const e = new Error((opts && opts.method && opts.method !== 'GET')
        ? 'Your account may not change this: verifying and changes need the realm-management role manage-events.'
        : 'Your account may not read this realm\'s audit log: it needs the realm-management role view-events.');
      e.status = 403;
      throw e;
    }
    if (!r.ok) {
      let text = 'The server answered ' + r.status + '.';
      try { const b = await r.json(); if (b && (b.error || b.errorMessage)) { text = b.errorMessage || b.error; } } catch (e) { /* not JSON */ }
      const e = new Error(text);
      e.status = r.status;
      throw e;
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
      const v = await (await call('/verify', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).json();
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

  // ---- Alert rules and destinations tabs. Lists and forms are built from the servers' option metadata; every
  // label, help text and config value goes in through textContent or an input's value, and nothing from a
  // config (a webhook URL included) becomes a link. Changes need manage-events: without it the tabs are read-only.
  let canWrite = false;
  let ruleOptions = null;
  let destinationOptions = null;
  let editing = { rule: null, destination: null };
  const MASK = '**********';

  function rolesOfToken() {
    try {
      const claims = JSON.parse(atob(tokens.access.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      const rm = claims.resource_access && claims.resource_access['realm-management'];
      return rm && Array.isArray(rm.roles) ? rm.roles : [];
    } catch (e) { return []; }
  }
  function setWritable(yes) {
    canWrite = yes;
    $('read-only').hidden = yes;
    document.querySelectorAll('.write').forEach((b) => { b.hidden = !yes; b.disabled = !yes; });
    if (!yes) { $('rule-form').hidden = true; $('destination-form').hidden = true; }
  }
  function writeFailed(e, target) {
    if (e.status === 403) { setWritable(false); }
    target.textContent = e.message;
  }
  function button(text, cls, onClick) {
    const b = el('button', text, 'write ' + cls);
    b.type = 'button';
    b.hidden = !canWrite;
    b.disabled = !canWrite;
    b.addEventListener('click', onClick);
    return b;
  }
  function emptyRow(body, cols, text) { const tr = el('tr'); const td = el('td', text); td.colSpan = cols; tr.append(td); body.append(tr); }

  // A generic form: one field per option {name,label,type,help,defaultValue,choices}; values are strings or lists.
  function buildFields(prefix, container, options, values, locked) {
    container.replaceChildren();
    options.forEach((o) => {
      const label = el('label', o.label || o.name);
      const id = prefix + '-opt-' + o.name;
      let v = values[o.name];
      if (v === undefined || v === null) { v = o.defaultValue; }
      let input;
      if (o.type === 'boolean') {
        input = el('input');
        input.type = 'checkbox';
        input.checked = String(v) === 'true';
      } else if (o.type === 'select') {
        input = el('select');
        const choices = (o.choices || []).slice();
        if (v && !choices.includes(String(v))) { choices.push(String(v)); }
        // No value and no default: an empty choice, so the server's default applies rather than the first choice.
        if (v === undefined || v === null || v === '') { const none = el('option', '(default)'); none.value = ''; input.append(none); }
        choices.forEach((c) => { const opt = el('option', c); opt.value = c; input.append(opt); });
        input.value = v === undefined || v === null ? '' : String(v);
      } else if (o.type === 'list') {
        input = el('textarea');
        input.value = (Array.isArray(v) ? v : (v ? [String(v)] : [])).join('\n');
        input.placeholder = 'one value per line';
      } else {
        input = el('input');
        input.type = o.type === 'secret' ? 'password' : (o.type === 'int' ? 'number' : 'text');
        if (o.type === 'secret') { input.autocomplete = 'new-password'; }
        input.value = v === undefined || v === null ? '' : String(v);
      }
      input.id = id;
      input.name = o.name;
      input.dataset.type = o.type;
      if (locked && locked.includes(o.name)) { input.readOnly = true; input.disabled = input.tagName === 'SELECT' || input.type === 'checkbox'; }
      label.append(input);
      if (o.help) { label.append(el('span', o.help, 'help')); }
      container.append(label);
    });
  }
  function readFields(container) {
    const config = {};
    container.querySelectorAll('input, select, textarea').forEach((i) => {
      if (!i.dataset.type) { return; }
      if (i.dataset.type === 'boolean') { config[i.name] = i.checked ? 'true' : 'false'; return; }
      if (i.dataset.type === 'list') {
        const list = i.value.split('\n').map((x) => x.trim()).filter((x) => x);
        if (list.length) { config[i.name] = list; }
        return;
      }
      const s = i.dataset.type === 'secret' ? i.value : i.value.trim();
      if (s) { config[i.name] = s; }
    });
    return config;
  }
  function fixedField(container, id, label, value, locked, help) {
    const l = el('label', label);
    const i = el('input');
    i.id = id;
    i.value = value || '';
    i.readOnly = !!locked;
    l.append(i);
    if (help) { l.append(el('span', help, 'help')); }
    container.prepend(l);
  }

  // Rules: representation fields are the options' names in camelCase; details is a map of lists.
  function ruleValues(r) {
    const v = {};
    (ruleOptions || []).forEach((o) => {
      const key = o.name.replace(/-([a-z])/g, (x, c) => c.toUpperCase());
      let x = r[key];
      if (o.name === 'details' && x && typeof x === 'object') {
        x = [];
        Object.keys(r.details).sort().forEach((k) => r.details[k].forEach((d) => x.push(k + '=' + d)));
      }
      if (x === undefined || x === null) { return; }
      v[o.name] = Array.isArray(x) ? x.map(String) : String(x);
    });
    return v;
  }
  function matches(r) {
    const parts = [];
    ['kind', 'type', 'resourceType', 'error', 'client', 'user', 'ip'].forEach((k) => { if (r[k] && r[k].length) { parts.push(k + ': ' + r[k].join(' | ')); } });
    if (r.outcome && r.outcome !== 'any') { parts.push('outcome: ' + r.outcome); }
    if (r.details) { Object.keys(r.details).forEach((k) => parts.push(k + '=' + r.details[k].join(' | '))); }
    if (r.trigger && r.trigger !== 'match') { parts.push('trigger: ' + r.trigger); }
    return parts.join('; ');
  }
  async function loadRules() {
    if (!ruleOptions) { ruleOptions = await (await call('/alerts/rules/options')).json(); }
    const rules = await (await call('/alerts/rules')).json();
    const body = $('rules').tBodies[0];
    body.replaceChildren();
    rules.forEach((r) => {
      const tr = el('tr');
      tr.dataset.id = r.id;
      tr.append(el('td', r.id), el('td', r.name), el('td', r.source, 'source'), el('td', r.enabled ? 'on' : 'off', r.enabled ? 'enabled' : 'enabled off'),
        el('td', r.severity), el('td', r.threshold + ' in ' + r.windowSeconds + ' s'), el('td', r.groupBy), el('td', matches(r), 'details'));
      const td = el('td');
      td.append(button(r.source === 'builtin' ? 'Override' : 'Edit', 'edit', () => editRule(r)));
      td.append(button(r.enabled ? 'Switch off' : 'Switch on', 'toggle', () => toggleRule(r)));
      if (r.source !== 'builtin') {
        td.append(button(r.source === 'override' ? 'Reset to built-in' : 'Delete', 'delete', () => deleteRule(r)));
      }
      tr.append(td);
      body.append(tr);
    });
    if (!rules.length) { emptyRow(body, 9, 'No rules.'); }
    const fired = await (await call('/alerts/fired?max=20')).json();
    const fb = $('fired').tBodies[0];
    fb.replaceChildren(...fired.map((a) => {
      const tr = el('tr');
      [time(a.lastTime), a.ruleName || a.rule, a.severity, a.groupBy === 'none' ? '' : a.groupBy + ' ' + (a.group || ''), a.count, a.summary].forEach((x) => tr.append(el('td', x)));
      return tr;
    }));
    if (!fired.length) { emptyRow(fb, 6, 'No alerts yet.'); }
  }
  function editRule(r) {
    editing.rule = r ? r.id : null;
    $('rule-form-title').textContent = !r ? 'New rule' : (r.source === 'builtin' ? 'Override built-in rule ' + r.id : 'Edit rule ' + r.id);
    const fields = $('rule-form').querySelector('.fields');
    buildFields('rule', fields, ruleOptions, r ? ruleValues(r) : {}, r ? ['id'] : []);
    fixedField(fields, 'rule-name', 'Name', r ? r.name : '', false, 'Shown in alerts; empty: the id (a built-in keeps its name).');
    $('rule-error').textContent = '';
    $('rule-form').hidden = false;
    $('rule-form').scrollIntoView();
  }
  async function putRule(id, name, config) {
    const body = { config };
    if (name) { body.name = name; }
    await call('/alerts/rules/' + encodeURIComponent(id), { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  }
  async function saveRule() {
    const fields = $('rule-form').querySelector('.fields');
    const config = readFields(fields);
    const id = editing.rule || config.id || '';
    if (!id) { $('rule-error').textContent = 'id: a rule needs an id'; return; }
    try {
      await putRule(id, $('rule-name').value.trim(), config);
      $('rule-form').hidden = true;
      await loadRules();
    } catch (e) { writeFailed(e, $('rule-error')); }
  }
  async function toggleRule(r) {
    // A built-in is switched off by an override holding only enabled=false (it keeps following the built-in).
    const config = r.source === 'builtin' ? {} : ruleValues(r);
    config.enabled = r.enabled ? 'false' : 'true';
    try { await putRule(r.id, r.source === 'builtin' ? '' : r.name, config); await loadRules(); } catch (e) { writeFailed(e, $('message')); $('message').hidden = false; }
  }
  async function deleteRule(r) {
    try { await call('/alerts/rules/' + encodeURIComponent(r.id), { method: 'DELETE' }); await loadRules(); } catch (e) { writeFailed(e, $('message')); $('message').hidden = false; }
  }

  // Destinations: config comes back with set secrets as the mask; sending the mask back keeps the stored secret.
  function destinationValues(d) {
    const v = {};
    (destinationOptions || []).forEach((o) => {
      const x = d.config ? d.config[o.name] : undefined;
      if (x === undefined || x === null) { return; }
      v[o.name] = o.type === 'list' ? String(x).split(',').map((s) => s.trim()).filter((s) => s) : String(x);
    });
    return v;
  }
  async function loadDestinations() {
    if (!destinationOptions) { destinationOptions = await (await call('/delivery/destinations/options')).json(); }
    const list = await (await call('/delivery/destinations')).json();
    const body = $('destinations').tBodies[0];
    body.replaceChildren();
    list.forEach((d) => {
      const tr = el('tr');
      tr.dataset.id = d.id;
      const err = [d.problem ? 'configuration refused: ' + d.problem : '', d.lastError || ''].filter((x) => x).join('; ');
      tr.append(el('td', d.id), el('td', d.name), el('td', d.type), el('td', d.target, 'details'), el('td', d.minSeverity),
        el('td', d.enabled ? 'on' : 'off', d.enabled ? 'enabled' : 'enabled off'), el('td', d.consecutiveFailures + ' / ' + d.maxFailures),
        el('td', d.pending, 'pending'), el('td', err, 'last-error'));
      const td = el('td');
      td.append(button('Edit', 'edit', () => editDestination(d)));
      if (!d.enabled) { td.append(button('Enable', 'enable', () => destinationAction('/delivery/destinations/' + encodeURIComponent(d.id) + '/enable', null, 'Enabled ' + d.id + '.'))); }
      td.append(button('Send test alert', 'test', () => destinationAction('/delivery/test', { destination: d.id })));
      td.append(button('Delete', 'delete', () => destinationAction('/delivery/destinations/' + encodeURIComponent(d.id), null, 'Deleted ' + d.id + '.', 'DELETE')));
      tr.append(td);
      body.append(tr);
    });
    if (!list.length) { emptyRow(body, 10, 'No destinations: alerts are recorded in the log only.'); }
  }
  async function destinationAction(path, payload, done, method) {
    const out = $('destination-message');
    out.textContent = '';
    try {
      const r = await call(path, { method: method || 'POST', headers: { 'Content-Type': 'application/json' }, body: method === 'DELETE' ? undefined : JSON.stringify(payload || {}) });
      if (!done) {
        const t = await r.json();
        done = 'Test alert ' + t.alertId + ' queued for ' + t.deliveries.length + ' destination(s).';
      }
      out.textContent = done;
      await loadDestinations();
    } catch (e) { writeFailed(e, out); }
  }
  function editDestination(d) {
    editing.destination = d ? d.id : null;
    $('destination-form-title').textContent = d ? 'Edit destination ' + d.id : 'New destination';
    const fields = $('destination-form').querySelector('.fields');
    buildFields('destination', fields, destinationOptions, d ? destinationValues(d) : {}, []);
    fixedField(fields, 'destination-name', 'Name', d ? d.name : '', false);
    fixedField(fields, 'destination-id', 'Id', d ? d.id : (crypto.randomUUID ? crypto.randomUUID() : ''), !!d, 'Letters, digits and -, at most 36.');
    $('destination-error').textContent = '';
    $('destination-form').hidden = false;
    $('destination-form').scrollIntoView();
  }
  async function saveDestination() {
    const fields = $('destination-form').querySelector('.fields');
    const id = editing.destination || $('destination-id').value.trim();
    try {
      await call('/delivery/destinations/' + encodeURIComponent(id), { method: 'PUT', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: $('destination-name').value.trim(), config: readFields(fields) }) });
      $('destination-form').hidden = true;
      await loadDestinations();
    } catch (e) { writeFailed(e, $('destination-error')); }
  }

  function showTab(name) {
    ['log', 'rules', 'destinations'].forEach((t) => {
      $('tab-' + t).hidden = t !== name;
      $('tab-button-' + t).setAttribute('aria-pressed', String(t === name));
    });
    show('');
    if (name === 'rules') { loadRules().catch((e) => show(e.message)); }
    if (name === 'destinations') { loadDestinations().catch((e) => show(e.message)); }
  }
  function bindTabs() {
    ['log', 'rules', 'destinations'].forEach((t) => $('tab-button-' + t).addEventListener('click', () => showTab(t)));
    $('rule-new').addEventListener('click', () => editRule(null));
    $('rule-cancel').addEventListener('click', () => { $('rule-form').hidden = true; });
    $('rule-form').addEventListener('submit', (e) => { e.preventDefault(); saveRule(); });
    $('destination-new').addEventListener('click', () => editDestination(null));
    $('destination-cancel').addEventListener('click', () => { $('destination-form').hidden = true; });
    $('destination-form').addEventListener('submit', (e) => { e.preventDefault(); saveDestination(); });
    $('destination-test-all').addEventListener('click', () => destinationAction('/delivery/test', {}));
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
    bindTabs();
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
    setWritable(rolesOfToken().includes('manage-events'));
    try {
      await status();
      $('app').hidden = false;
      await load();
    } catch (e) { show(e.message); }
  }

  document.addEventListener('DOMContentLoaded', () => { start().catch((e) => show('Sign-in failed: ' + e.message)); });
}());
