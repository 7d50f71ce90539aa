/**
 * The advisor's desk: one call, start to end, by keyboard. The key is typed once per browser
 * session and kept in sessionStorage only (never in a URL); a 401 brings the key prompt back.
 */
import { ApiProblem, callApi, KeyRefused, type Filters, type Place, type Referral, type Specialty, type Verification } from './api.js';
import { Combobox, type ComboOption } from './combobox.js';
import { matchSpecialties } from './specialty-match.js';
import { distance, filterLabels, memberText, personAddress, personName, phoneText, problemText, receiptText, telHref, warnings } from './wording.js';

const KEY_ITEM = 'desk-key';
const PLACE_DELAY_MS = 120;

type Location = { commune: string } | { lat: number; lon: number };

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from the page`);
  return found as T;
}

const ui = {
  keySection: element<HTMLElement>('key-section'),
  keyForm: element<HTMLFormElement>('key-form'),
  key: element<HTMLInputElement>('key'),
  keyMessage: element<HTMLElement>('key-message'),
  callSection: element<HTMLElement>('call-section'),
  requestForm: element<HTMLFormElement>('request-form'),
  specialty: element<HTMLInputElement>('specialty'),
  place: element<HTMLInputElement>('place'),
  languages: element<HTMLInputElement>('languages'),
  gender: element<HTMLSelectElement>('gender'),
  newPatients: element<HTMLInputElement>('new-patients'),
  wheelchair: element<HTMLInputElement>('wheelchair'),
  status: element<HTMLElement>('status'),
  error: element<HTMLElement>('error'),
  answer: element<HTMLElement>('answer'),
  answerTitle: element<HTMLElement>('answer-title'),
  warnings: element<HTMLUListElement>('warnings'),
  people: element<HTMLOListElement>('people'),
  more: element<HTMLButtonElement>('more'),
  copy: element<HTMLButtonElement>('copy'),
  prevention: element<HTMLElement>('prevention'),
  preventionActions: element<HTMLUListElement>('prevention-actions'),
  receipt: element<HTMLElement>('receipt'),
  verify: element<HTMLAnchorElement>('verify'),
  memberText: element<HTMLTextAreaElement>('member-text'),
  newCall: element<HTMLButtonElement>('new-call'),
  forgetKey: element<HTMLButtonElement>('forget-key'),
};

const state: {
  key: string | null;
  specialties: readonly Specialty[];
  specialty: Specialty | null;
  place: { location: Location; label: string } | null;
  referral: Referral | null;
  placeQuery: number;
  busy: boolean;
} = { key: sessionStorage.getItem(KEY_ITEM), specialties: [], specialty: null, place: null, referral: null, placeQuery: 0, busy: false };

/** Every call to the API goes through here: a refused key brings the prompt back. */
async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  if (state.key === null) throw new KeyRefused();
  try {
    return await callApi<T>(state.key, method, path, body);
  } catch (error) {
    if (error instanceof KeyRefused) askForKey('Cette clé d\'accès n\'est plus valable (expirée ou révoquée). Saisissez une nouvelle clé.');
    throw error;
  }
}

function askForKey(message: string): void {
  state.key = null;
  sessionStorage.removeItem(KEY_ITEM);
  ui.callSection.hidden = true;
  ui.keySection.hidden = false;
  ui.keyMessage.textContent = message;
  ui.key.value = '';
  ui.key.focus();
}

async function openDesk(key: string): Promise<void> {
  try {
    // A place search needs the advisor's role: a key of another role is told so here.
    await callApi(key, 'GET', '/v1/places?q=paris&limit=1');
    const specialties = await callApi<{ items: Specialty[] }>(key, 'GET', '/v1/specialties');
    state.key = key;
    state.specialties = specialties.items;
    sessionStorage.setItem(KEY_ITEM, key);
    ui.keySection.hidden = true;
    ui.callSection.hidden = false;
    ui.keyMessage.textContent = '';
    ui.specialty.focus();
  } catch (error) {
    if (error instanceof KeyRefused) askForKey('Clé d\'accès inconnue, expirée ou révoquée.');
    else if (error instanceof ApiProblem && error.status === 403) askForKey('Cette clé n\'a pas le rôle de conseiller : demandez une clé de conseiller.');
    else askForKey(problemText(error));
  }
}

const specialtyBox = new Combobox<Specialty>(ui.specialty, element('specialty-options'), {
  onInput(text) {
    state.specialty = null;
    specialtyBox.show(matchSpecialties(state.specialties, text).map(({ specialty, synonym }) => ({
      label: specialty.label, value: specialty, ...(synonym !== undefined && { detail: `« ${synonym} »` }),
    })));
  },
  onChoose(specialty) {
    state.specialty = specialty;
    ui.error.textContent = '';
    ui.place.focus();
  },
  onEnterClosed() {
    if (state.specialty) ui.place.focus();
    else ui.error.textContent = 'Choisissez une spécialité dans la liste.';
  },
});

const COORDINATES = /^\s*(-?\d{1,2}(?:[.,]\d+)?)\s*[;,\s]\s*(-?\d{1,3}(?:[.,]\d+)?)\s*$/;

function placeDetail(place: Place): string {
  const postcodes = place.postcodes.slice(0, 3).join(', ') + (place.postcodes.length > 3 ? '…' : '');
  const former = place.kind === 'former-commune' && place.belongsTo ? `, ancienne commune rattachée à ${place.belongsTo.name}` : '';
  return `${place.department.name}${postcodes ? ` · ${postcodes}` : ''}${former}`;
}

let placeTimer: number | undefined;
const placeBox = new Combobox<{ location: Location; label: string }>(ui.place, element('place-options'), {
  onInput(text) {
    state.place = null;
    window.clearTimeout(placeTimer);
    const coordinates = COORDINATES.exec(text.replace(/,(?=\d)/g, '.').replace(/(\d)\.(\d+)\.(\d)/, '$1.$2 $3'));
    if (coordinates) {
      const lat = Number(coordinates[1]);
      const lon = Number(coordinates[2]);
      if (Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
        const label = `${lat}, ${lon}`;
        placeBox.show([{ label, detail: 'coordonnées', value: { location: { lat, lon }, label } }]);
        return;
      }
    }
    const query = text.trim();
    if (query === '') {
      placeBox.show([]);
      return;
    }
    const asked = ++state.placeQuery;
    placeTimer = window.setTimeout(() => void searchPlaces(query, asked), PLACE_DELAY_MS);
  },
  onChoose(value) {
    state.place = value;
    ui.error.textContent = '';
    ui.status.textContent = `Lieu choisi : ${value.label}. Entrée pour orienter.`;
  },
  onEnterClosed() {
    void askReferral();
  },
});

async function searchPlaces(query: string, asked: number): Promise<void> {
  try {
    const { items } = await api<{ items: Place[] }>('GET', `/v1/places?q=${encodeURIComponent(query)}&limit=8`);
    // A later keystroke has asked again: this answer is stale.
    if (asked !== state.placeQuery) return;
    const options: ComboOption<{ location: Location; label: string }>[] = items.map((place) => ({
      label: place.label, detail: placeDetail(place), value: { location: { commune: place.code }, label: place.label },
    }));
    placeBox.show(options);
    ui.status.textContent = options.length === 0
      ? `Aucun lieu ne correspond à « ${query} ».`
      : `${options.length} lieu${options.length > 1 ? 'x' : ''} proposé${options.length > 1 ? 's' : ''}.`;
  } catch (error) {
    if (!(error instanceof KeyRefused)) ui.error.textContent = problemText(error);
  }
}

function readFilters(): Filters | { problem: string } {
  const filters: Filters = {};
  const sectors = [...ui.requestForm.querySelectorAll<HTMLInputElement>('input[name="sector"]:checked')].map((box) => box.value);
  if (sectors.length > 0) filters.sector = sectors;
  if (ui.newPatients.checked) filters.acceptsNewPatients = true;
  if (ui.wheelchair.checked) filters.wheelchairAccess = true;
  const languages = ui.languages.value.toLowerCase().split(/[\s,;]+/).filter((code) => code !== '');
  if (languages.length > 0) {
    if (languages.some((code) => !/^[a-z]{2}$/.test(code)) || languages.length > 5) return { problem: 'Langues : jusqu\'à cinq codes de deux lettres, par exemple « en, es ».' };
    filters.languages = [...new Set(languages)];
  }
  if (ui.gender.value === 'female' || ui.gender.value === 'male') filters.gender = ui.gender.value;
  return filters;
}

async function askReferral(): Promise<void> {
  if (state.busy) return;
  if (!state.specialty) {
    ui.error.textContent = 'Choisissez une spécialité dans la liste.';
    ui.specialty.focus();
    return;
  }
  if (!state.place) {
    ui.error.textContent = ui.place.value.trim() === ''
      ? 'Saisissez le lieu de l\'adhérent.'
      : `Lieu inconnu : « ${ui.place.value.trim()} ». Choisissez un lieu dans la liste.`;
    ui.place.focus();
    return;
  }
  const filters = readFilters();
  if ('problem' in filters) {
    ui.error.textContent = filters.problem;
    ui.languages.focus();
    return;
  }
  const body = { specialty: state.specialty.code, location: state.place.location, ...(Object.keys(filters).length > 0 && { filters }) };
  await answerWith(() => api<Referral>('POST', '/v1/referrals', body));
}

async function askMore(): Promise<void> {
  if (!state.referral || state.busy) return;
  const id = state.referral.id;
  await answerWith(() => api<Referral>('POST', `/v1/referrals/${encodeURIComponent(id)}/more`, {}));
}

async function answerWith(request: () => Promise<Referral>): Promise<void> {
  state.busy = true;
  ui.error.textContent = '';
  ui.status.textContent = 'Recherche…';
  try {
    showReferral(await request());
  } catch (error) {
    ui.status.textContent = '';
    if (!(error instanceof KeyRefused)) ui.error.textContent = problemText(error);
  } finally {
    state.busy = false;
  }
}

function paragraph(text: string, className?: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.textContent = text;
  if (className) p.className = className;
  return p;
}

function showReferral(referral: Referral): void {
  state.referral = referral;
  const placeLabel = state.place?.label ?? referral.location.label ?? '';
  const found = referral.practitioners.length;
  ui.answerTitle.textContent = `${referral.specialty.label} près de ${placeLabel} : ${found} professionnel${found > 1 ? 's' : ''}${referral.parentId ? ' de plus' : ''}, dans un rayon de ${distance(referral.radiusKm)}`;
  ui.warnings.replaceChildren(...warnings(referral).map((text) => {
    const item = document.createElement('li');
    item.textContent = text;
    return item;
  }));
  const meets = filterLabels(referral.filters);
  ui.people.replaceChildren(...referral.practitioners.map((person) => {
    const item = document.createElement('li');
    const name = document.createElement('h3');
    name.textContent = `${person.rank}. ${personName(person)}`;
    item.append(name, paragraph(`${personAddress(person)} · à ${distance(person.distanceKm)}`));
    if (person.phone) {
      const line = document.createElement('p');
      const link = document.createElement('a');
      link.href = telHref(person.phone);
      link.textContent = phoneText(person.phone);
      line.append('Tél. ', link);
      item.append(line);
    } else {
      item.append(paragraph('Pas de téléphone connu.'));
    }
    if (meets.length > 0) item.append(paragraph(`Répond aux filtres : ${meets.join(', ')}.`, 'meets'));
    return item;
  }));
  const actions = referral.preventionActions ?? [];
  ui.prevention.hidden = actions.length === 0;
  ui.preventionActions.replaceChildren(...actions.map((action) => {
    const item = document.createElement('li');
    const title = document.createElement('strong');
    title.textContent = action.title;
    const link = document.createElement('a');
    link.href = action.url;
    link.rel = 'noopener noreferrer';
    link.textContent = 'en savoir plus';
    item.append(title, ` : ${action.summary} (`, link, ')');
    return item;
  }));
  ui.receipt.textContent = receiptText(referral);
  ui.verify.href = `/v1/referrals/${referral.id}/verification`;
  ui.memberText.value = memberText(referral, placeLabel);
  ui.answer.hidden = false;
  ui.status.textContent = '';
  // The answer's heading takes focus: a screen reader reads it, and Tab goes on to the five.
  ui.answerTitle.focus();
}

async function copyText(): Promise<void> {
  if (!state.referral) return;
  const text = ui.memberText.value;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Without the clipboard API (an insecure origin, a refused permission): the old way.
    ui.memberText.select();
    if (!document.execCommand('copy')) {
      ui.error.textContent = 'Copie impossible : sélectionnez le texte pour l\'adhérent et copiez-le (Ctrl+C).';
      return;
    }
  }
  ui.status.textContent = 'Texte pour l\'adhérent copié.';
}

async function verifyReceipt(): Promise<void> {
  const referral = state.referral;
  if (!referral) return;
  ui.status.textContent = 'Vérification du reçu…';
  try {
    const verification = await api<Verification>('GET', `/v1/referrals/${referral.id}/verification`);
    ui.status.textContent = verification.verified
      ? `Reçu n° ${verification.sequence} vérifié : le tirage est conforme au journal.`
      : `Reçu n° ${verification.sequence} : la vérification a échoué. Prévenez l'équipe d'audit.`;
  } catch (error) {
    ui.status.textContent = '';
    if (error instanceof ApiProblem && error.status === 403) {
      ui.status.textContent = `La vérification demande une clé d'auditeur : transmettez le reçu ${receiptText(referral)} à l'équipe d'audit.`;
    } else if (!(error instanceof KeyRefused)) ui.error.textContent = problemText(error);
  }
}

function newCall(): void {
  ui.requestForm.reset();
  state.specialty = null;
  state.place = null;
  state.referral = null;
  specialtyBox.close();
  placeBox.close();
  ui.answer.hidden = true;
  ui.error.textContent = '';
  ui.status.textContent = 'Nouvel appel.';
  ui.specialty.focus();
}

/** Alt+letter shortcuts, by the letter typed (AZERTY and QWERTY alike), else by the key's position. */
const SHORTCUTS: Record<string, () => void> = {
  // The field's text selected, so that what is typed next replaces it.
  s: () => { ui.specialty.focus(); ui.specialty.select(); },
  l: () => { ui.place.focus(); ui.place.select(); },
  m: () => void askMore(),
  c: () => void copyText(),
  n: () => newCall(),
  k: () => askForKey('Saisissez la nouvelle clé d\'accès.'),
};

document.addEventListener('keydown', (event) => {
  if (!event.altKey || event.ctrlKey || event.metaKey || ui.callSection.hidden) return;
  const letter = /^[a-z]$/i.test(event.key) ? event.key.toLowerCase() : /^Key[A-Z]$/.test(event.code) ? event.code.slice(3).toLowerCase() : '';
  const action = SHORTCUTS[letter];
  if (!action) return;
  event.preventDefault();
  action();
});

ui.keyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const key = ui.key.value.trim();
  if (key === '') {
    ui.keyMessage.textContent = 'Saisissez la clé d\'accès du poste.';
    return;
  }
  void openDesk(key);
});
ui.requestForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void askReferral();
});
ui.more.addEventListener('click', () => void askMore());
ui.copy.addEventListener('click', () => void copyText());
ui.verify.addEventListener('click', (event) => {
  event.preventDefault();
  void verifyReceipt();
});
ui.newCall.addEventListener('click', newCall);
ui.forgetKey.addEventListener('click', () => askForKey('Saisissez la nouvelle clé d\'accès.'));

if (state.key === null) askForKey('');
else void openDesk(state.key);
