// The reprotect dashboard: polls /api/v1 with the bearer token this tab holds and shows plans,
// machines with their step timelines and errors, and master-target disk slots.
// API data only ever reaches the page through textContent and attributes (never innerHTML).
'use strict';

(() => {
  const TOKEN_KEY = 'reprotect.apiToken';
  const POLL_MS = 1500;
  const MAX_MACHINES_SHOWN = 200; // a 2,000-machine plan's summary rows would swamp the page
  const MASTER_TARGETS_EVERY = 2; // ticks: each read runs a short inventory workflow
  const TEMPORAL_EVERY = 20;      // ticks between reads of /health's Temporal details
  const RPO_THRESHOLD_SECONDS = 900; // the failback policy's RPO threshold (fixed: 15 minutes)
  const STEPS = ['VALIDATE', 'WAIT_FOR_AGENT', 'MERGE_SNAPSHOTS', 'POWER_OFF', 'ATTACH_DISKS',
    'START_REPLICATION', 'SYNCHRONIZE'];

  const view = {
    plan: null,            // the plan whose machines are shown; null: every reprotection
    tick: 0,
    timer: null,           // the next scheduled refresh
    active: false,         // the dashboard is shown (a token is held)
    inFlight: false,       // a refresh is running
    openTimelines: new Set(),
    placements: new Map(), // replicated item -> the values placement chose when its plan said "placement": "auto"
    temporal: null,        // /health's temporal details: server, inMemory, ui, namespace
    protection: new Map(), // replicated item -> the protection watch's last reading (rpoSeconds, replicationHealth, ...)
    caller: null,          // GET /api/v1/me: { name, roles, operator }; actions are shown to operators only
  };

  // ---- DOM helpers ----

  const byTestId = (id, root = document) => root.querySelector(`[data-testid="${id}"]`);

  /** An element with attributes (testid, class, text, title, data-*) and children (nodes or strings as text). */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined) continue;
      if (key === 'testid') node.dataset.testid = value;
      else if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  /**
   * Keeps one child per item, matched by key: existing ones are updated in place (so open timelines,
   * focus and references survive a refresh), new ones created, gone ones removed, order kept.
   */
  function reconcile(container, items, keyOf, create, update) {
    const existing = new Map();
    for (const child of Array.from(container.children)) existing.set(child.dataset.key, child);
    let previous = null;
    for (const item of items) {
      const key = keyOf(item);
      let node = existing.get(key);
      if (node) existing.delete(key);
      else {
        node = create(item);
        node.dataset.key = key;
      }
      update(node, item);
      const wanted = previous ? previous.nextSibling : container.firstChild;
      if (wanted !== node) container.insertBefore(node, wanted);
      previous = node;
    }
    for (const stale of existing.values()) stale.remove();
  }

  function setText(node, text) {
    const value = text === null || text === undefined ? '' : String(text);
    if (node.textContent !== value) node.textContent = value;
  }

  function progressBar(testid) {
    return el('div', { class: 'bar', testid, role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100 },
      el('div', { class: 'fill' }), el('span', { class: 'bar-label' }));
  }

  function setProgress(bar, percent, state) {
    const p = Math.max(0, Math.min(100, Number(percent) || 0));
    bar.setAttribute('aria-valuenow', String(p));
    bar.dataset.value = String(p);
    bar.dataset.state = state || '';
    bar.querySelector('.fill').style.width = `${p}%`;
    setText(bar.querySelector('.bar-label'), `${p}%`);
  }

  function badge(testid) {
    return el('span', { class: 'badge', testid });
  }

  function setBadge(node, state) {
    setText(node, state || '—');
    node.dataset.state = state || '';
  }

  // ---- Formatting ----

  function time(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? '' : `${d.toISOString().slice(11, 19)}Z`;
  }

  function duration(fromIso, toIso) {
    if (!fromIso) return '';
    const from = new Date(fromIso).getTime();
    const to = toIso ? new Date(toIso).getTime() : Date.now();
    if (Number.isNaN(from) || Number.isNaN(to)) return '';
    const ms = Math.max(0, to - from);
    if (ms < 1000) return `${ms} ms`;
    const s = Math.floor(ms / 1000);
    if (s < 60) return `${(ms / 1000).toFixed(1)} s`;
    const m = Math.floor(s / 60);
    if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
    return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
  }

  function countsText(counts) {
    if (!counts) return '';
    return Object.entries(counts).map(([state, n]) => `${state} ${n}`).join(' · ');
  }

  // ---- Token ----

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  /** #token=... moves into session storage and out of the address bar and history. */
  function takeTokenFromFragment() {
    const match = /(?:^#|&)token=([^&]*)/.exec(location.hash);
    if (!match) return;
    let value = match[1];
    try {
      value = decodeURIComponent(value);
    } catch (ignored) {
      // not percent-encoded: use as given
    }
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    history.replaceState(null, '', location.pathname + location.search);
  }

  class Unauthorized extends Error {}

  async function api(path) {
    const response = await fetch(path, {
      headers: { Authorization: `Bearer ${token()}`, Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
    });
    if (response.status === 401) throw new Unauthorized('401');
    if (!response.ok) {
      let detail = '';
      try {
        const problem = await response.json();
        detail = problem.detail || problem.title || '';
      } catch (ignored) {
        // not a problem body
      }
      throw new Error(`${response.status} ${detail}`.trim());
    }
    return response.json();
  }

  // ---- Temporal: which server runs, and links into its Web UI ----

  /** A link to a workflow's page in Temporal's Web UI; shown once the UI is known. */
  function temporalLink(testid) {
    return el('a', { class: 'temporal-link', testid, target: '_blank', rel: 'noopener noreferrer',
      text: 'Temporal UI', hidden: '' });
  }

  function setTemporalLink(link, workflowId) {
    const ui = view.temporal && view.temporal.ui;
    link.hidden = !ui || !workflowId;
    if (ui && workflowId) {
      const namespace = encodeURIComponent(view.temporal.namespace || 'default');
      link.href = `${ui}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}`;
    }
  }

  /** /health (public) says which Temporal server runs; the in-memory fallback is announced, never silent. */
  async function readTemporal() {
    try {
      const response = await fetch('/health', { headers: { Accept: 'application/json' } });
      const health = await response.json();
      const details = health && health.details && health.details.temporal && health.details.temporal.details;
      if (!details) return;
      view.temporal = details;
      const banner = byTestId('temporal-banner');
      banner.hidden = !details.inMemory;
      setText(banner, details.inMemory
        ? `Temporal's in-memory server is running (${details.server}): every reprotection and plan is lost `
          + 'when reprotect stops. Install the Temporal CLI to run on Temporal\'s real server.' : '');
      const ui = byTestId('temporal-ui');
      ui.hidden = !details.ui;
      if (details.ui) ui.href = details.ui;
    } catch (unreadable) {
      // the next read tries again
    }
  }

  /** Starts, cancels, pauses or resumes (an operator's action), then refreshes; a refusal is shown, not thrown. */
  async function act(path, what) {
    const response = await fetch(path, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token()}`, Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
    });
    if (!response.ok) {
      let detail = '';
      try {
        const problem = await response.json();
        detail = problem.detail || problem.title || '';
      } catch (ignored) {
        // not a problem body
      }
      setText(byTestId('action-message'), `${what}: ${response.status} ${detail}`.trim());
    } else {
      setText(byTestId('action-message'), `${what}: requested`);
    }
    refreshSoon();
  }

  function actionButton(testid, label, onClick) {
    const button = el('button', { type: 'button', class: 'action', testid, text: label, hidden: '' });
    button.addEventListener('click', onClick);
    return button;
  }

  /** Who asked, as the status names them: "started by X · paused by Y …". */
  function whoText(status) {
    return [['startedBy', 'started by'], ['pausedBy', 'paused by'], ['resumedBy', 'resumed by'],
      ['cancelledBy', 'cancelled by']]
      .filter(([key]) => status[key]).map(([key, label]) => `${label} ${status[key]}`).join(' · ');
  }

  const isOperator = () => Boolean(view.caller && view.caller.operator);

  /** Who this token is; the dashboard shows actions only when it may take them. */
  async function readCaller() {
    try {
      view.caller = await api('/api/v1/me');
    } catch (error) {
      if (error instanceof Unauthorized) throw error;
      view.caller = null;
    }
    const caller = byTestId('caller');
    setText(caller, view.caller
      ? `${view.caller.name} · ${view.caller.operator ? 'operator' : 'viewer: read only'}` : '');
    caller.dataset.operator = String(isOperator());
  }

  // ---- Plans ----

  function createPlanRow() {
    const name = el('button', { type: 'button', class: 'link plan-name', testid: 'plan-name' });
    name.addEventListener('click', () => selectPlan(name.closest('tr').dataset.plan));
    const error = el('div', { class: 'plan-error', testid: 'plan-error' });
    const who = el('div', { class: 'who', testid: 'plan-who' });
    const planOf = (button) => button.closest('tr').dataset.plan;
    const path = (button, verb) => `/api/v1/recovery-plans/${encodeURIComponent(planOf(button))}/reprotection/${verb}`;
    const pause = actionButton('plan-pause', 'pause', () => act(path(pause, 'pause'), `pause ${planOf(pause)}`));
    const resume = actionButton('plan-resume', 'resume', () => act(path(resume, 'resume'), `resume ${planOf(resume)}`));
    const cancel = actionButton('plan-cancel', 'cancel', () => {
      if (window.confirm(`Cancel the reprotection of plan ${planOf(cancel)} and its machines?`)) {
        act(path(cancel, 'cancel'), `cancel ${planOf(cancel)}`);
      }
    });
    return el('tr', { testid: 'plan-row' },
      el('td', {}, name, error, who, el('div', { class: 'actions' }, pause, resume, cancel)),
      el('td', {}, badge('plan-state')),
      el('td', { class: 'progress-col' }, progressBar('plan-progress')),
      el('td', { testid: 'plan-counts', class: 'counts' }),
      el('td', { testid: 'plan-groups', class: 'groups' }),
      el('td', { testid: 'plan-started', class: 'time' }),
      el('td', { testid: 'plan-eta', class: 'time' }),
      el('td', {}, el('span', { class: 'selected-mark', testid: 'plan-selected' }), temporalLink('plan-temporal-link')));
  }

  function updatePlanRow(row, plan) {
    row.dataset.plan = plan.plan;
    row.dataset.state = plan.state || '';
    row.classList.toggle('selected', view.plan === plan.plan);
    setText(byTestId('plan-name', row), plan.plan);
    setBadge(byTestId('plan-state', row), plan.state);
    setProgress(byTestId('plan-progress', row), plan.progressPercent, plan.state);
    setText(byTestId('plan-counts', row), countsText(plan.counts));
    setText(byTestId('plan-groups', row),
      (plan.groups || []).map((g) => `${g.name} ${g.state}`).join(' · '));
    setText(byTestId('plan-started', row), time(plan.startedAt));
    const ended = plan.endedAt ? `ended ${time(plan.endedAt)} (${duration(plan.startedAt, plan.endedAt)})`
      : (plan.eta ? `ETA ${time(plan.eta)}` : '');
    setText(byTestId('plan-eta', row), ended);
    setText(byTestId('plan-selected', row), view.plan === plan.plan ? 'machines shown ↓' : '');
    setTemporalLink(byTestId('plan-temporal-link', row), plan.id);
    const error = byTestId('plan-error', row);
    setText(error, plan.error
      ? `${plan.error.failureType || plan.error.rule || 'error'}: ${plan.error.message || ''}` : '');
    setText(byTestId('plan-who', row), whoText(plan));
    const running = plan.state === 'RUNNING' || plan.state === 'VALIDATING';
    byTestId('plan-pause', row).hidden = !isOperator() || !running;
    byTestId('plan-resume', row).hidden = !isOperator() || plan.state !== 'PAUSED';
    byTestId('plan-cancel', row).hidden = !isOperator() || !(running || plan.state === 'PAUSED');
  }

  function renderPlans(page) {
    const plans = (page && page.items) || [];
    view.placements = new Map();
    for (const plan of plans) {
      for (const placed of plan.placement || []) view.placements.set(placed.replicatedItem, placed);
    }
    reconcile(byTestId('plan-rows'), plans, (p) => p.plan, createPlanRow, updatePlanRow);
    byTestId('plans-empty').hidden = plans.length > 0;
    return plans;
  }

  function selectPlan(plan) {
    view.plan = view.plan === plan ? null : plan;
    refreshSoon();
  }

  // ---- Machines ----

  function currentStep(status) {
    const steps = status.steps || [];
    return steps.find((s) => s.state === 'RUNNING')
      || steps.find((s) => s.state === 'FAILED')
      || [...steps].reverse().find((s) => s.state === 'COMPLETED' || s.state === 'SKIPPED')
      || null;
  }

  function createMachine(status) {
    const timeline = el('details', { class: 'timeline', testid: 'machine-timeline' },
      el('summary', { text: 'step timeline' }),
      el('table', { class: 'steps' },
        el('thead', {}, el('tr', {},
          el('th', { text: 'step' }), el('th', { text: 'state' }), el('th', { text: 'attempts' }),
          el('th', { text: 'started' }), el('th', { text: 'ended' }), el('th', { text: 'duration' }),
          el('th', { text: 'detail' }))),
        el('tbody', { testid: 'step-rows' })));
    timeline.addEventListener('toggle', () => {
      const key = timeline.closest('[data-testid="machine"]').dataset.key;
      if (timeline.open) view.openTimelines.add(key);
      else view.openTimelines.delete(key);
    });
    const strip = el('ol', { class: 'strip', testid: 'step-strip' });
    for (const step of STEPS) {
      strip.append(el('li', { 'data-step': step, testid: 'strip-step' },
        el('span', { class: 'strip-name', text: step.replaceAll('_', ' ').toLowerCase() }),
        el('span', { class: 'strip-meta' })));
    }
    return el('article', { class: 'machine', testid: 'machine' },
      el('div', { class: 'machine-head' },
        el('span', { class: 'machine-name', testid: 'machine-name' }),
        el('span', { class: 'machine-plan', testid: 'machine-plan' }),
        badge('machine-state'),
        progressBar('machine-progress'),
        el('span', { class: 'machine-time', testid: 'machine-time' }),
        temporalLink('machine-temporal-link')),
      el('div', { class: 'machine-detail', testid: 'machine-detail' }),
      el('div', { class: 'machine-protection', testid: 'machine-protection', hidden: '' }),
      el('div', { class: 'who', testid: 'machine-who' }),
      el('div', { class: 'actions' }, machineCancel()),
      el('div', { class: 'machine-placement', testid: 'machine-placement', hidden: '' }),
      el('div', { class: 'error', testid: 'machine-error', hidden: '' },
        el('div', {}, el('span', { class: 'error-label', text: 'rule ' }),
          el('code', { class: 'rule', testid: 'error-rule' }),
          el('span', { class: 'error-step', testid: 'error-step' })),
        el('div', { class: 'error-message', testid: 'error-message' }),
        el('div', {}, el('span', { class: 'error-label', text: 'fix ' }),
          el('span', { class: 'error-fix', testid: 'error-fix' })),
        el('ul', { class: 'violations', testid: 'error-violations' })),
      strip,
      timeline);
  }

  function machineCancel() {
    const button = actionButton('machine-cancel', 'cancel', () => {
      const card = button.closest('[data-testid="machine"]');
      if (window.confirm(`Cancel the reprotection of ${card.dataset.item}? It undoes what it changed.`)) {
        act(`/api/v1/reprotections/${encodeURIComponent(card.dataset.id)}/cancel`, `cancel ${card.dataset.item}`);
      }
    });
    return button;
  }

  function updateMachine(card, status) {
    const state = status.state || 'PENDING';
    card.dataset.id = status.id || '';
    card.dataset.item = status.replicatedItem || '';
    card.dataset.state = state;
    setText(byTestId('machine-name', card), status.replicatedItem);
    setText(byTestId('machine-plan', card), status.plan ? `plan ${status.plan}` : '');
    setBadge(byTestId('machine-state', card), state);
    setProgress(byTestId('machine-progress', card), status.progressPercent, state);
    setText(byTestId('machine-time', card), status.startedAt
      ? `${time(status.startedAt)} · ${duration(status.startedAt, status.endedAt)}` : 'not started');
    setTemporalLink(byTestId('machine-temporal-link', card), state === 'PENDING' ? null : status.id);

    const step = currentStep(status);
    let detail = step ? `${step.name}${step.detail ? `: ${step.detail}` : ` ${step.state.toLowerCase()}`}` : '';
    if (status.error && step && step.state === 'FAILED') detail = `${step.name} failed`; // the error box says why
    setText(byTestId('machine-detail', card), state === 'PENDING' ? 'waiting for a place in the plan\'s window' : detail);
    setText(byTestId('machine-who', card), whoText(status));
    const running = state !== 'PENDING' && !['PROTECTED', 'FAILED', 'CANCELLED'].includes(state);
    byTestId('machine-cancel', card).hidden = !isOperator() || !running || !status.id;

    // Once protected: the protection watch's last reading, coloured by health and RPO.
    const reading = state === 'PROTECTED' ? view.protection.get(status.replicatedItem) : null;
    const protection = byTestId('machine-protection', card);
    const watched = Boolean(reading && reading.replicationHealth);
    protection.hidden = !watched;
    card.dataset.protection = watched ? protectionLevel(reading) : '';
    if (watched) {
      protection.dataset.health = reading.replicationHealth;
      setText(protection, `RPO ${rpoText(reading.rpoSeconds)}${reading.rpoSeconds > RPO_THRESHOLD_SECONDS
        ? ' (over 15 min)' : ''} · replication ${reading.replicationHealth.toLowerCase()} · checked ${time(reading.lastCheckedAt)}`);
      protection.title = (reading.healthErrors || []).join('\n');
    }

    // Values placement chose for it ("placement": "auto"); those the request gave are marked "given".
    const placed = view.placements.get(status.replicatedItem);
    const placement = byTestId('machine-placement', card);
    placement.hidden = !placed;
    if (placed) {
      const given = new Set(placed.given || []);
      const value = (key, label) => `${label} ${placed[key]}${given.has(key) ? ' (given)' : ''}`;
      setText(placement, `placed: ${[value('masterTarget', 'master target'), value('processServer', 'process server'),
        value('datastore', 'datastore'), value('retentionDrive', 'retention drive')].join(' · ')}`);
    }

    const error = status.error;
    const box = byTestId('machine-error', card);
    box.hidden = !error;
    if (error) {
      setText(byTestId('error-rule', card), error.failureType || error.rule || 'no rule');
      setText(byTestId('error-step', card), error.step ? ` in ${error.step}` : '');
      setText(byTestId('error-message', card), error.message);
      setText(byTestId('error-fix', card), error.fix);
      const list = byTestId('error-violations', card);
      const violations = error.violations || [];
      reconcile(list, violations, (v) => `${v.rule}|${v.replicatedItem || ''}|${v.message}`,
        () => el('li', {}, el('code', {}), el('span', {})),
        (li, v) => {
          setText(li.firstChild, v.rule);
          setText(li.lastChild, ` ${v.message || ''} Fix: ${v.fix || ''}`);
        });
    }

    const byName = new Map((status.steps || []).map((s) => [s.name, s]));
    for (const li of card.querySelectorAll('[data-testid="strip-step"]')) {
      const s = byName.get(li.dataset.step);
      li.dataset.state = s ? s.state : 'PENDING';
      const meta = s && s.state !== 'PENDING'
        ? [s.attempts > 1 ? `×${s.attempts}` : '', duration(s.startedAt, s.endedAt)].filter(Boolean).join(' ')
        : '';
      setText(li.querySelector('.strip-meta'), meta);
      li.title = s && s.detail ? `${li.dataset.step}: ${s.detail}` : li.dataset.step;
    }

    const timeline = byTestId('machine-timeline', card);
    const open = view.openTimelines.has(card.dataset.key);
    if (timeline.open !== open) timeline.open = open;
    reconcile(byTestId('step-rows', card), status.steps || [], (s) => s.name,
      () => el('tr', { testid: 'step' },
        el('td', { testid: 'step-name' }), el('td', {}, badge('step-state')),
        el('td', { testid: 'step-attempts', class: 'num' }), el('td', { testid: 'step-started', class: 'time' }),
        el('td', { testid: 'step-ended', class: 'time' }), el('td', { testid: 'step-duration', class: 'num' }),
        el('td', { testid: 'step-detail', class: 'detail' })),
      (row, s) => {
        row.dataset.step = s.name;
        row.dataset.state = s.state;
        setText(byTestId('step-name', row), s.name);
        setBadge(byTestId('step-state', row), s.state);
        setText(byTestId('step-attempts', row), s.attempts || '');
        setText(byTestId('step-started', row), time(s.startedAt));
        setText(byTestId('step-ended', row), time(s.endedAt));
        setText(byTestId('step-duration', row), duration(s.startedAt, s.endedAt));
        setText(byTestId('step-detail', row), s.detail);
      });
  }

  /** ok, warn (RPO over 15 minutes or health WARNING) or bad (replication CRITICAL). */
  function protectionLevel(reading) {
    if (reading.replicationHealth === 'CRITICAL') return 'bad';
    if (reading.rpoSeconds > RPO_THRESHOLD_SECONDS || reading.replicationHealth === 'WARNING') return 'warn';
    return 'ok';
  }

  function rpoText(seconds) {
    const s = Math.max(0, Number(seconds) || 0);
    return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  }

  function renderProtection(list) {
    view.protection = new Map(((list && list.items) || []).map((item) => [item.name, item]));
  }

  /** The shown plan's machines: their reprotections, plus those the plan has not started yet. */
  function machinesOf(page, plans) {
    const statuses = (page && page.items) || [];
    if (!view.plan) return statuses;
    const plan = plans.find((p) => p.plan === view.plan);
    const started = new Set(statuses.map((s) => s.replicatedItem));
    const pending = ((plan && plan.machines) || [])
      .filter((m) => !started.has(m.replicatedItem))
      .map((m) => ({ id: m.id, replicatedItem: m.replicatedItem, plan: view.plan, state: m.state,
        progressPercent: m.progressPercent, steps: [], error: m.error }));
    return [...statuses, ...pending];
  }

  function renderMachines(machines) {
    setText(byTestId('machines-filter'), view.plan ? `of plan ${view.plan}` : '(every reprotection)');
    byTestId('show-all-machines').hidden = !view.plan;
    const shown = machines.slice(0, MAX_MACHINES_SHOWN);
    reconcile(byTestId('machine-list'), shown, (m) => m.id || m.replicatedItem, createMachine, updateMachine);
    byTestId('machines-empty').hidden = machines.length > 0;
    const more = byTestId('machines-more');
    more.hidden = machines.length <= shown.length;
    setText(more, `Showing ${shown.length} of ${machines.length} machines; the plan's counts above cover all.`);
  }

  // ---- Master targets ----

  function createMasterTarget() {
    const slots = el('div', { class: 'slots', testid: 'mt-bar' });
    return el('div', { class: 'mt', testid: 'mt' },
      el('div', { class: 'mt-head' },
        el('span', { class: 'mt-name', testid: 'mt-name' }),
        el('span', { class: 'mt-os', testid: 'mt-os' }),
        el('span', { class: 'mt-slots', testid: 'mt-slots' })),
      slots);
  }

  function updateMasterTarget(node, mt) {
    node.dataset.name = mt.name;
    node.dataset.held = String(mt.held);
    node.dataset.reserved = String(mt.reserved);
    node.dataset.free = String(mt.free);
    setText(byTestId('mt-name', node), mt.name);
    setText(byTestId('mt-os', node), mt.osType || '');
    setText(byTestId('mt-slots', node),
      `${mt.held} held · ${mt.reserved} reserved · ${mt.free} free of ${mt.capacity}`);
    // One cell per disk slot: held first, then reserved, then free.
    const bar = byTestId('mt-bar', node);
    const capacity = Math.max(0, Number(mt.capacity) || 0);
    while (bar.children.length < capacity) bar.append(el('span', { class: 'slot' }));
    while (bar.children.length > capacity) bar.lastChild.remove();
    Array.from(bar.children).forEach((cell, i) => {
      const kind = i < mt.held ? 'held' : (i < mt.held + mt.reserved ? 'reserved' : 'free');
      if (cell.dataset.kind !== kind) cell.dataset.kind = kind;
    });
  }

  function renderMasterTargets(list) {
    reconcile(byTestId('mt-list'), (list && list.items) || [], (m) => m.name, createMasterTarget, updateMasterTarget);
  }

  // ---- The loop ----

  function sectionError(testid, error) {
    const node = byTestId(testid);
    node.hidden = !error;
    setText(node, error ? `Could not refresh: ${error.message}` : '');
  }

  async function refresh() {
    if (view.tick % TEMPORAL_EVERY === 0) await readTemporal();
    const machinesPath = `/api/v1/reprotections?size=100${view.plan ? `&plan=${encodeURIComponent(view.plan)}` : ''}`;
    const readMasterTargets = view.tick % MASTER_TARGETS_EVERY === 0;
    const [plans, machines, masterTargets, items] = await Promise.allSettled([
      api('/api/v1/recovery-plans?size=100'),
      api(machinesPath),
      readMasterTargets ? api('/api/v1/master-targets') : Promise.resolve(null),
      // The protection watch's readings, as often as the master targets (an inventory read too).
      readMasterTargets ? api('/api/v1/replicated-items') : Promise.resolve(null),
    ]);
    if (items.status === 'fulfilled' && items.value) renderProtection(items.value);
    const results = [plans, machines, masterTargets, items];
    const refused = results.find((r) => r.status === 'rejected' && r.reason instanceof Unauthorized);
    if (refused) throw refused.reason;

    let planItems = [];
    if (plans.status === 'fulfilled') planItems = renderPlans(plans.value);
    sectionError('plans-error', plans.status === 'rejected' ? plans.reason : null);
    if (machines.status === 'fulfilled') renderMachines(machinesOf(machines.value, planItems));
    sectionError('machines-error', machines.status === 'rejected' ? machines.reason : null);
    if (masterTargets.status === 'fulfilled' && masterTargets.value) renderMasterTargets(masterTargets.value);
    if (readMasterTargets) {
      sectionError('master-targets-error', masterTargets.status === 'rejected' ? masterTargets.reason : null);
    }
    return results.every((r) => r.status === 'fulfilled');
  }

  function setLive(ok) {
    const live = byTestId('live-status');
    live.dataset.live = ok ? 'ok' : 'error';
    setText(live, ok ? `live · updated ${time(new Date().toISOString())}` : 'connection problem · retrying');
  }

  /** One refresh, then the next in POLL_MS; never two at once. */
  async function loop() {
    if (view.timer !== null) clearTimeout(view.timer);
    view.timer = null;
    if (!view.active || view.inFlight) return;
    view.inFlight = true;
    try {
      setLive(await refresh());
    } catch (error) {
      if (error instanceof Unauthorized) {
        sessionStorage.removeItem(TOKEN_KEY);
        showLogin('The API refused that token (401). Enter a valid one.');
        return;
      }
      setLive(false);
    } finally {
      view.inFlight = false;
    }
    view.tick += 1;
    if (view.active) view.timer = setTimeout(loop, POLL_MS);
  }

  /** Refresh now (after a click), unless one is running: its successor comes soon anyway. */
  function refreshSoon() {
    if (!view.inFlight) loop();
  }

  function showLogin(message) {
    view.active = false;
    if (view.timer !== null) clearTimeout(view.timer);
    view.timer = null;
    byTestId('dashboard').hidden = true;
    byTestId('forget-token').hidden = true;
    byTestId('login').hidden = false;
    setText(byTestId('login-message'), message || '');
    const live = byTestId('live-status');
    live.dataset.live = 'signed-out';
    setText(live, 'no token');
    byTestId('token-input').focus();
  }

  function showDashboard() {
    byTestId('login').hidden = true;
    byTestId('dashboard').hidden = false;
    byTestId('forget-token').hidden = false;
    view.active = true;
    view.tick = 0;
    readCaller().then(loop, (error) => {
      if (error instanceof Unauthorized) {
        sessionStorage.removeItem(TOKEN_KEY);
        showLogin('The API refused that token (401). Enter a valid one.');
      } else {
        loop();
      }
    });
  }

  function start() {
    takeTokenFromFragment();
    byTestId('login-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const input = byTestId('token-input');
      const value = input.value.trim();
      input.value = '';
      if (!value) return;
      sessionStorage.setItem(TOKEN_KEY, value);
      showDashboard();
    });
    byTestId('forget-token').addEventListener('click', () => {
      sessionStorage.removeItem(TOKEN_KEY);
      showLogin('Token forgotten.');
    });
    byTestId('show-all-machines').addEventListener('click', () => selectPlan(view.plan));
    window.addEventListener('hashchange', () => {
      const before = token();
      takeTokenFromFragment();
      if (token() && !view.active) showDashboard();
      else if (token() && token() !== before) readCaller().then(refreshSoon, refreshSoon); // another token: another role
    });
    if (token()) showDashboard();
    else showLogin('');
  }

  start();
})();
