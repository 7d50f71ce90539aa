import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { Gazetteer, GazetteerCommune } from '../src/domain/geo/gazetteer.js';
import { REGISTRY_LAYOUT } from '../src/domain/import/registry-layout.js';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, STREET_NAMES, STREET_TYPES, SURNAMES } from '../scripts/sample/french-names.js';
import { pickOne, pickWeighted } from '../scripts/sample/pick-weighted.js';
import { hasPhoneZone, toPhone, toPostalCity } from '../scripts/sample/sample-fields.js';

/**
 * A seeded, streaming generator of a synthetic national-registry extract
 * (`PS_LibreAcces_Personne_activite`, shared/formats/rpps-extract.md) for the import benchmark:
 * 56 columns, `|`-separated, no quoting, a trailing `|` on every line, LF line ends.
 *
 * Person i is drawn from its own generator derived from (seed, i), so a person never depends
 * on the ones before it: the "next day's file" streams the same people and alters a share of
 * them with a second generator derived from (seed, i, change). Made-up people only.
 */

/** The 56 column names joined by `|`, with the trailing separator, as published. */
export const REGISTRY_HEADER = `${REGISTRY_LAYOUT.join('|')}|`;

export interface RegistryExtractOptions {
  /** Approximate number of data rows wanted: generation stops at the first person boundary at or after it (day-one rows). */
  readonly rows: number;
  /** 32-bit integer seed. */
  readonly seed: number;
  readonly gazetteer: Gazetteer;
  /** "The next day's file": this share (0..1) of people changed relative to the same seed's day-one file. 0 = identical day-one file. */
  readonly changedShare?: number;
}

export interface RegistryExtractSummary { readonly rows: number; readonly people: number; readonly bytes: number }

/**
 * Writes the extract to `path` (overwriting it) through a write stream in ~1 MB chunks,
 * waiting for `drain` when the stream is full: memory stays flat whatever the row count.
 * Day two (changedShare > 0): about a third of the changed people have a new address or
 * phone at the same structure, a third are gone, a third moved to a new structure; then
 * about changedShare / 3 of the people count are appended as newcomers with unused ids.
 */
export async function writeRegistryExtract(path: string, options: RegistryExtractOptions): Promise<RegistryExtractSummary> {
  const { rows, seed, gazetteer } = options;
  const changedShare = options.changedShare ?? 0;
  if (!Number.isFinite(rows) || rows < 0) throw new RangeError(`rows must be a number ≥ 0, got ${rows}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!(changedShare >= 0 && changedShare <= 1)) throw new RangeError(`changedShare must be within 0..1, got ${changedShare}`);

  const world = toWorld(gazetteer, seed | 0);
  const out = new ChunkedWriter(path);
  try {
    return await writePeople(out, world, rows, changedShare);
  } catch (error) {
    out.destroy();
    throw error;
  }
}

async function writePeople(out: ChunkedWriter, world: World, rows: number, changedShare: number): Promise<RegistryExtractSummary> {
  let written = 0;
  let people = 0;
  out.push(`${REGISTRY_HEADER}\n`);

  let dayOneRows = 0;
  let person = 0;
  for (; dayOneRows < rows; person++) {
    const p = generatePerson(world, rngFor(world.seed, person, STREAM_PERSON), DAY_ONE_RPPS_BASE + person * RPPS_STRIDE, person * STRUCTURE_STRIDE);
    dayOneRows += rowCount(p);
    if (changedShare > 0) {
      const change = rngFor(world.seed, person, STREAM_CHANGE);
      if (draw01(change) < changedShare && !applyChange(world, change, p, person * STRUCTURE_STRIDE)) continue;
    }
    people++;
    written += rowCount(p);
    if (out.push(toLines(p))) await out.flush();
  }
  const newcomers = Math.round((person * changedShare) / 3);
  for (let j = 0; j < newcomers; j++) {
    const p = generatePerson(world, rngFor(world.seed, j, STREAM_NEWCOMER), NEWCOMER_RPPS_BASE + j * RPPS_STRIDE, NEWCOMER_STRUCTURE_BASE + j * STRUCTURE_STRIDE);
    people++;
    written += rowCount(p);
    if (out.push(toLines(p))) await out.flush();
  }
  const bytes = await out.close();
  return { rows: written, people, bytes };
}

// ---------------------------------------------------------------------------------------------
// Seeding: every person, change and shared hospital has its own generator.

const STREAM_PERSON = 1;
const STREAM_CHANGE = 2;
const STREAM_NEWCOMER = 3;
const STREAM_HOSPITAL = 4;

/** RPPS numbers: 10 digits plus a Luhn key; day-one people and newcomers use disjoint ranges. */
const DAY_ONE_RPPS_BASE = 1_000_000_000;
const NEWCOMER_RPPS_BASE = 1_900_000_000;
const RPPS_STRIDE = 9;
/** `R1` + 10 digits: slots 0-2 for a person's day-one sites, 3-5 for a day-two move. */
const STRUCTURE_STRIDE = 8;
const MOVE_SLOT = 3;
const NEWCOMER_STRUCTURE_BASE = 5_000_000_000;

function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** A xoroshiro128+ generator whose state is hashed from (seed, index, stream): neighbours are uncorrelated. */
function rngFor(seed: number, index: number, stream: number): RandomGenerator {
  const h = mix32(mix32(seed ^ Math.imul(stream, 0x9e3779b1)) ^ index);
  // mix32 is a bijection and the four constants differ, so the state is never all zero.
  return xoroshiro128plusFromState([mix32(h ^ 0x243f6a88), mix32(h ^ 0x85a308d3), mix32(h ^ 0x13198a2e), mix32(h ^ 0x03707344)]);
}

/** A uniform number in [0, 1). */
function draw01(rng: RandomGenerator): number {
  return (rng.next() >>> 0) / 0x1_0000_0000;
}

/** True with probability permille / 1000. */
function chance(rng: RandomGenerator, permille: number): boolean {
  return uniformInt(rng, 0, 999) < permille;
}

function digits(rng: RandomGenerator, count: number): string {
  let s = '';
  for (let k = 0; k < count; k++) s += String(uniformInt(rng, 0, 9));
  return s;
}

/** The Luhn key that makes `body + key` valid (RPPS, SIREN and SIRET numbers use it). */
function luhnKey(body: string): string {
  let sum = 0;
  let double = true;
  for (let k = body.length - 1; k >= 0; k--) {
    let d = body.charCodeAt(k) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    double = !double;
  }
  return String((10 - (sum % 10)) % 10);
}

// ---------------------------------------------------------------------------------------------
// Reference tables (codes from the ANS nomenclatures: TRE_G15 professions, TRE_R01 savoir-faire,
// TRE_R02 sectors, TRE_R21 roles, TRE_R22 activity kinds; labels as the extract writes them).

type Pair = readonly [code: string, label: string];

interface SavoirFaire { readonly type: Pair; readonly code: Pair }

interface Profession {
  readonly code: Pair;
  /** Rough headcount in thousands (DREES demography, rounded): nurses and physicians most numerous. */
  readonly weight: number;
  readonly womenPermille: number;
  /** Share of sites practised in `L` libéral mode, per mille. */
  readonly liberalPermille: number;
  /** Share holding a doctor's title (`DR`), per mille. */
  readonly doctorPermille: number;
  readonly authority: string;
  readonly savoirFaire?: { readonly options: readonly (SavoirFaire | null)[]; readonly cumulative: readonly number[] };
}

const SPECIALITE_ORDINALE: Pair = ['S', 'Spécialité ordinale'];
const NO_SAVOIR_FAIRE: SavoirFaire = { type: ['', ''], code: ['', ''] };

function weighted(entries: readonly (readonly [SavoirFaire | null, number])[]) {
  let running = 0;
  return { options: entries.map(([sf]) => sf), cumulative: entries.map(([, w]) => (running += w)) };
}

const sm = (code: string, label: string): SavoirFaire => ({ type: SPECIALITE_ORDINALE, code: [code, label] });

const PHYSICIAN_SAVOIR_FAIRE = weighted([
  [sm('SM54', 'Médecine Générale'), 450], [sm('SM53', 'Spécialiste en Médecine Générale'), 100],
  [sm('SM26', 'Qualifié en Médecine Générale'), 50], [sm('SM04', 'Cardiologie et Maladies vasculaires'), 40],
  [sm('SM15', 'Dermatologie et vénéréologie'), 20], [sm('SM19', 'Gynécologie médicale'), 15],
  [sm('SM20', 'Gynécologie-obstétrique'), 30], [sm('SM38', 'Ophtalmologie'), 30], [sm('SM39', 'Oto-rhino-laryngologie'), 20],
  [sm('SM40', 'Pédiatrie'), 40], [sm('SM41', 'Pneumologie'), 20], [sm('SM42', 'Psychiatrie'), 80], [sm('SM48', 'Rhumatologie'), 15],
  // Specialties the service does not map, so that the importer meets them.
  [sm('SM02', 'Anesthésie-réanimation'), 50], [sm('SM44', 'Radio-diagnostic'), 40], [sm('SM24', 'Gastro-entérologie et Hépatologie'), 20],
  [sm('SM32', 'Neurologie'), 15], [sm('SM08', 'Chirurgie orthopédique et Traumatologie'), 20],
  [null, 20],
]);

const DENTIST_SAVOIR_FAIRE = weighted([
  [sm('SCD03', 'Médecine bucco-dentaire'), 800], [sm('SCD01', 'Orthopédie dento-faciale'), 80],
  [sm('SCD02', 'Chirurgie orale'), 20], [null, 100],
]);

/** Second activities of a physician at the same site (a duplicate row that differs only in savoir-faire). */
const PHYSICIAN_SECOND_SAVOIR_FAIRE: readonly SavoirFaire[] = [
  { type: ['CEX', 'Compétence exclusive'], code: ['CEX24', 'Gynécologie médicale'] },
  { type: ['CAPA', 'Capacité'], code: ['CAPA10', 'Médecine et Biologie du sport'] },
  { type: ['CAPA', 'Capacité'], code: ['CAPA06', 'Gérontologie'] },
  { type: ['CAPA', 'Capacité'], code: ['CAPA04', 'Angéiologie'] },
];

const PROFESSIONS: readonly Profession[] = [
  { code: ['60', 'Infirmier'], weight: 600, womenPermille: 870, liberalPermille: 250, doctorPermille: 0, authority: 'ONI/ONI/ARS' },
  { code: ['10', 'Médecin'], weight: 230, womenPermille: 500, liberalPermille: 500, doctorPermille: 900, authority: 'CNOM/CNOM/ARS', savoirFaire: PHYSICIAN_SAVOIR_FAIRE },
  { code: ['70', 'Masseur-Kinésithérapeute'], weight: 100, womenPermille: 500, liberalPermille: 800, doctorPermille: 0, authority: 'CNOMK/CNOMK/ARS' },
  { code: ['93', 'Psychologue'], weight: 80, womenPermille: 850, liberalPermille: 400, doctorPermille: 0, authority: 'ARS/ARS/ARS' },
  { code: ['21', 'Pharmacien'], weight: 75, womenPermille: 680, liberalPermille: 350, doctorPermille: 400, authority: 'CNOP/CNOP/ARS' },
  { code: ['40', 'Chirurgien-Dentiste'], weight: 45, womenPermille: 500, liberalPermille: 850, doctorPermille: 700, authority: 'CNOCD/CNOCD/ARS', savoirFaire: DENTIST_SAVOIR_FAIRE },
  { code: ['28', 'Opticien-Lunetier'], weight: 40, womenPermille: 550, liberalPermille: 250, doctorPermille: 0, authority: 'ARS/ARS/ARS' },
  { code: ['91', 'Orthophoniste'], weight: 27, womenPermille: 960, liberalPermille: 800, doctorPermille: 0, authority: 'ARS/ARS/ARS' },
  { code: ['50', 'Sage-Femme'], weight: 24, womenPermille: 970, liberalPermille: 300, doctorPermille: 0, authority: 'CNOSF/CNOSF/ARS' },
  { code: ['80', 'Pédicure-Podologue'], weight: 15, womenPermille: 700, liberalPermille: 950, doctorPermille: 0, authority: 'CNOPP/CNOPP/ARS' },
  { code: ['94', 'Ergothérapeute'], weight: 15, womenPermille: 870, liberalPermille: 150, doctorPermille: 0, authority: 'ARS/ARS/ARS' },
  { code: ['96', 'Psychomotricien'], weight: 15, womenPermille: 880, liberalPermille: 300, doctorPermille: 0, authority: 'ARS/ARS/ARS' },
  { code: ['95', 'Diététicien'], weight: 13, womenPermille: 920, liberalPermille: 300, doctorPermille: 0, authority: 'ARS/ARS/ARS' },
  { code: ['92', 'Orthoptiste'], weight: 6, womenPermille: 900, liberalPermille: 500, doctorPermille: 0, authority: 'ARS/ARS/ARS' },
  { code: ['26', 'Audioprothésiste'], weight: 5, womenPermille: 450, liberalPermille: 300, doctorPermille: 0, authority: 'ARS/ARS/ARS' },
];

const SECTOR = {
  publicHospital: ['SA01', 'Etablissement public de santé'],
  psph: ['SA03', 'Etablissement privé PSPH'],
  privateHospital: ['SA04', 'Etablissement privé non PSPH'],
  healthCentre: ['SA05', 'Centre de santé'],
  soloPractice: ['SA07', 'Cabinet individuel'],
  groupPractice: ['SA08', 'Cabinet de groupe'],
  company: ['SA09', 'Exercice en société'],
} as const satisfies Record<string, Pair>;

const ROLE = {
  holder: ['FON-01', 'Titulaire de cabinet'],
  partner: ['FON-02', "Associé dans une société d'exercice (SEL ou SCP)"],
  pharmacyHolder: ['FON-03', "Titulaire d'officine"],
  deputy: ['FON-05', 'Adjoint'],
  associate: ['FON-17', 'Collaborateur'],
  substitute: ['FON-22', 'Remplaçant, intérimaire, intermittent'],
  regulator: ['FON-32', 'Régulateur libéral'],
  employee: ['FON-33', 'Salarié en poste fixe'],
  outOfHours: ['FON-54', 'Permanence des soins ambulatoires hors cabinet'],
  none: ['', ''],
} as const satisfies Record<string, Pair>;

const GENRE_CARE: Pair = ['GENR01', 'Activité de soin et de pharmacie'];
const GENRE_SUBSTITUTE: Pair = ['GENR02', 'Activité de soins ou de pharmacien en tant que remplaçant'];
const GENRE_NON_CARE: Pair = ['GENR04', 'Activité non soignante'];

const PHARMACY_SECTION = {
  holder: ['A', "Pharmacien titulaire d'officine"],
  deputy: ['D', 'Pharmacien adjoint, remplaçant ou gérant'],
  hospital: ['H', "Pharmacien d'établissement de santé"],
  none: ['', ''],
} as const satisfies Record<string, Pair>;

/** Street types of the sample generator (rues dominate) with the registry's code and label. */
const STREET_TYPE_CODES: Readonly<Record<string, Pair>> = {
  'rue': ['R', 'Rue'], 'avenue': ['AV', 'Avenue'], 'boulevard': ['BD', 'Boulevard'], 'place': ['PL', 'Place'],
  'chemin': ['CHE', 'Chemin'], 'allée': ['ALL', 'Allée'], 'impasse': ['IMP', 'Impasse'], 'route': ['RTE', 'Route'],
  'quai': ['QUAI', 'Quai'], 'cours': ['CRS', 'Cours'], 'square': ['SQ', 'Square'], 'passage': ['PAS', 'Passage'],
};
const FAUBOURG: Pair = ['FG', 'Faubourg'];

const COMPLEMENTS_DESTINATAIRE = ['BATIMENT A', 'BATIMENT B', '1ER ETAGE', '2EME ETAGE', 'REZ DE CHAUSSEE', 'ESCALIER C', 'PORTE 3', 'POLE SANTE'];
const COMPLEMENTS_GEO = ['RESIDENCE LES PINS', 'LE CLOS DES VIGNES', 'ZA DES CHAMPS', 'CENTRE COMMERCIAL', 'RESIDENCE DU PARC', 'LES TERRASSES', 'HAMEAU DE LA FORGE'];
const GROUP_NAMES = ['DES TILLEULS', 'DU PARC', 'DE LA GARE', 'DES ACACIAS', 'DU CENTRE', 'SAINT-MARTIN', 'DU MARCHE', 'DES LILAS', 'PASTEUR'];
const CLINIC_NAMES = ['SAINT-JOSEPH', 'DU PARC', 'DES CEDRES', 'PASTEUR', 'SAINTE-ANNE', "DE L'ESPERANCE", '"LES TILLEULS"', 'DU MAIL', 'LES FLEURS'];
const EMAIL_DOMAINS = ['orange.fr', 'wanadoo.fr', 'gmail.com', 'free.fr', 'sfr.fr', 'laposte.net', 'hotmail.fr', 'medecin.mssante.fr'];

/** Surnames with accents, apostrophes, particles and hyphens, which the sample's list lacks. */
const MARKED_SURNAMES = [
  'LEFÈVRE', 'GÉRARD', 'MÉNARD', 'HÉBERT', 'BÉRANGER', 'CHÉRON', 'FRÉMONT', 'DUPRÉ', 'LEMAÎTRE', 'BENOÎT', 'MOÏSE', 'NOËL',
  'FRANÇOIS', 'GARÇON', 'ÉTIENNE', 'PRÉVOST', 'RIVIÈRE', 'THÉRY', 'CÔTÉ', 'BOËL', "D'ALMEIDA", "D'ANGELO", "N'DIAYE", "O'NEILL",
  "N'GUESSAN", 'DE LA FONTAINE', 'DU PONT', 'LE BIHAN', 'DE SAINT-JEAN', 'SAINT-ÉLOI', 'MÜLLER', 'NGUYEN', 'BEN SALAH',
];

/** Foreign practice addresses: INSEE country code, country label, city, postcodes (some look French). */
const FOREIGN_PLACES: readonly { country: Pair; city: string; postcode: string; street: string; phone: string }[] = [
  { country: ['99132', 'Royaume-Uni'], city: 'LONDON', postcode: 'SW1A 2AA', street: 'HARLEY STREET', phone: '+44 20 7946 0958' },
  { country: ['99131', 'Belgique'], city: 'BRUXELLES', postcode: '1000', street: 'RUE NEUVE', phone: '+32 2 555 12 34' },
  { country: ['99140', 'Suisse'], city: 'GENEVE', postcode: '1205', street: 'RUE DE CAROUGE', phone: '+41 22 555 01 23' },
  { country: ['99138', 'Monaco'], city: 'MONACO', postcode: '98000', street: 'BOULEVARD DES MOULINS', phone: '+377 93 55 12 34' },
  { country: ['99137', 'Luxembourg'], city: 'LUXEMBOURG', postcode: 'L-1724', street: 'BOULEVARD PRINCE HENRI', phone: '+352 26 55 12 34' },
  { country: ['99109', 'Allemagne'], city: 'SAARBRUCKEN', postcode: '66111', street: 'BAHNHOFSTRASSE', phone: '+49 681 555 1234' },
];

const DEPARTMENT_NAMES: ReadonlyMap<string, string> = new Map(
  ('01 Ain|02 Aisne|03 Allier|04 Alpes-de-Haute-Provence|05 Hautes-Alpes|06 Alpes-Maritimes|07 Ardèche|08 Ardennes|09 Ariège|10 Aube|'
  + "11 Aude|12 Aveyron|13 Bouches-du-Rhône|14 Calvados|15 Cantal|16 Charente|17 Charente-Maritime|18 Cher|19 Corrèze|21 Côte-d'Or|"
  + "22 Côtes-d'Armor|23 Creuse|24 Dordogne|25 Doubs|26 Drôme|27 Eure|28 Eure-et-Loir|29 Finistère|2A Corse-du-Sud|2B Haute-Corse|"
  + '30 Gard|31 Haute-Garonne|32 Gers|33 Gironde|34 Hérault|35 Ille-et-Vilaine|36 Indre|37 Indre-et-Loire|38 Isère|39 Jura|40 Landes|'
  + '41 Loir-et-Cher|42 Loire|43 Haute-Loire|44 Loire-Atlantique|45 Loiret|46 Lot|47 Lot-et-Garonne|48 Lozère|49 Maine-et-Loire|'
  + '50 Manche|51 Marne|52 Haute-Marne|53 Mayenne|54 Meurthe-et-Moselle|55 Meuse|56 Morbihan|57 Moselle|58 Nièvre|59 Nord|60 Oise|'
  + '61 Orne|62 Pas-de-Calais|63 Puy-de-Dôme|64 Pyrénées-Atlantiques|65 Hautes-Pyrénées|66 Pyrénées-Orientales|67 Bas-Rhin|68 Haut-Rhin|'
  + '69 Rhône|70 Haute-Saône|71 Saône-et-Loire|72 Sarthe|73 Savoie|74 Haute-Savoie|75 Paris|76 Seine-Maritime|77 Seine-et-Marne|'
  + '78 Yvelines|79 Deux-Sèvres|80 Somme|81 Tarn|82 Tarn-et-Garonne|83 Var|84 Vaucluse|85 Vendée|86 Vienne|87 Haute-Vienne|88 Vosges|'
  + "89 Yonne|90 Territoire de Belfort|91 Essonne|92 Hauts-de-Seine|93 Seine-Saint-Denis|94 Val-de-Marne|95 Val-d'Oise|971 Guadeloupe|"
  + '972 Martinique|973 Guyane|974 La Réunion|976 Mayotte')
    .split('|').map((entry) => [entry.slice(0, entry.indexOf(' ')), entry.slice(entry.indexOf(' ') + 1)]),
);

// ---------------------------------------------------------------------------------------------
// The world: communes weighted by population, built once per file; hospitals are cached.

interface World {
  readonly seed: number;
  readonly places: readonly GazetteerCommune[];
  readonly byCode: ReadonlyMap<string, GazetteerCommune>;
  readonly cumulative: readonly number[];
  readonly byDepartment: ReadonlyMap<string, { readonly indexes: readonly number[]; readonly cumulative: readonly number[] }>;
  /** Communes of more than 10,000 inhabitants: where hospitals are. */
  readonly towns: { readonly indexes: readonly number[]; readonly cumulative: readonly number[] };
  readonly postcodes: ReadonlySet<string>;
  readonly professionCumulative: readonly number[];
  readonly hospitals: Map<number, Hospital>;
}

function toWorld(gazetteer: Gazetteer, seed: number): World {
  const all = gazetteer.communes();
  const cityParents = new Set(all.flatMap((c) => (c.kind === 'arrondissement-municipal' && c.parentCode !== null ? [c.parentCode] : [])));
  const places = all.filter((c) => (c.kind === 'commune-actuelle' || c.kind === 'arrondissement-municipal')
    && !cityParents.has(c.code) && c.population > 0 && c.postcodes.length > 0 && hasPhoneZone(c.department));
  if (places.length === 0) throw new Error('The gazetteer has no inhabited current commune to place practitioners in');
  const byDepartment = new Map<string, { indexes: number[]; cumulative: number[] }>();
  places.forEach((c, i) => {
    const group = byDepartment.get(c.department) ?? { indexes: [], cumulative: [] };
    group.cumulative.push((group.cumulative[group.cumulative.length - 1] ?? 0) + c.population);
    group.indexes.push(i);
    byDepartment.set(c.department, group);
  });
  const townIndexes = places.flatMap((c, i) => (c.population > 10_000 ? [i] : []));
  const towns = townIndexes.length > 0 ? townIndexes : places.map((_, i) => i);
  return {
    seed,
    places,
    byCode: new Map(places.map((c) => [c.code, c])),
    cumulative: cumulate(places.map((c) => c.population)),
    byDepartment,
    towns: { indexes: towns, cumulative: cumulate(towns.map((i) => (places[i] as GazetteerCommune).population)) },
    postcodes: new Set(all.flatMap((c) => c.postcodes)),
    professionCumulative: cumulate(PROFESSIONS.map((p) => p.weight)),
    hospitals: new Map(),
  };
}

function cumulate(values: readonly number[]): number[] {
  let running = 0;
  return values.map((v) => (running += v));
}

function placeAt(world: World, index: number): GazetteerCommune {
  return world.places[index] as GazetteerCommune;
}

/** Half the time the same commune, otherwise one of the same department drawn by population. */
function nearby(world: World, rng: RandomGenerator, home: number): number {
  const group = world.byDepartment.get(placeAt(world, home).department);
  if (group === undefined || uniformInt(rng, 0, 1) === 0) return home;
  return group.indexes[pickWeighted(rng, group.cumulative)] as number;
}

// ---------------------------------------------------------------------------------------------
// People, sites and rows.

interface Address {
  readonly complementDestinataire: string; readonly complementGeo: string;
  readonly number: string; readonly repetition: string; readonly streetType: Pair; readonly street: string;
  readonly mention: string; readonly bureau: string; readonly postcode: string; readonly commune: Pair;
  readonly country: Pair; readonly department: Pair;
}

interface Contacts { readonly phone: string; readonly phone2: string; readonly fax: string; readonly email: string }

interface Site {
  readonly mode: Pair;
  readonly siret: string; readonly siren: string; readonly finessSite: string; readonly finessEj: string;
  readonly structureId: string; readonly name: string; readonly brand: string;
  address: Address;
  contacts: Contacts;
  readonly formerId: string;
  readonly sector: Pair; readonly section: Pair; readonly role: Pair; readonly genre: Pair;
  /** A second activity at the same site: one more row, identical but for these columns. */
  second?: { readonly savoirFaire?: SavoirFaire; readonly role?: Pair };
}

interface Hospital {
  readonly siret: string; readonly siren: string; readonly finessSite: string; readonly finessEj: string;
  readonly name: string; readonly address: Address; readonly contacts: Contacts; readonly sector: Pair;
}

interface Person {
  readonly rpps: string;
  readonly title: Pair; readonly civility: Pair;
  lastName: string;
  readonly firstName: string;
  readonly profession: Profession;
  readonly category: Pair;
  readonly savoirFaire: SavoirFaire;
  readonly caseStyle: CaseStyle;
  sites: Site[];
}

type CaseStyle = 'upper' | 'upper-plain' | 'mixed';

function generatePerson(world: World, rng: RandomGenerator, rppsBase: number, structureBase: number): Person {
  const profession = PROFESSIONS[pickWeighted(rng, world.professionCumulative)] as Profession;
  const woman = chance(rng, profession.womenPermille);
  const styleDraw = uniformInt(rng, 0, 99);
  const caseStyle: CaseStyle = styleDraw < 60 ? 'upper' : styleDraw < 75 ? 'upper-plain' : 'mixed';
  const title: Pair = chance(rng, profession.doctorPermille)
    ? (profession.code[0] === '10' && chance(rng, 15) ? ['PR', 'Professeur'] : ['DR', 'Docteur'])
    : ['', ''];
  const civility: Pair = chance(rng, 15) ? ['', ''] : woman ? ['MME', 'Madame'] : ['M', 'Monsieur'];
  const lastName = styleName(toSurname(rng), caseStyle === 'mixed' ? (chance(rng, 600) ? 'mixed' : 'upper') : caseStyle);
  const firstName = styleName(pickOne(rng, woman ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES), caseStyle);
  const sf = profession.savoirFaire;
  const savoirFaire = sf === undefined ? NO_SAVOIR_FAIRE : (sf.options[pickWeighted(rng, sf.cumulative)] ?? NO_SAVOIR_FAIRE);
  const categoryDraw = uniformInt(rng, 0, 999);
  const canStudy = ['10', '21', '40', '50'].includes(profession.code[0]);
  const category: Pair = categoryDraw < 10 ? ['M', 'Militaire'] : canStudy && categoryDraw < 40 ? ['E', 'Etudiant'] : ['C', 'Civil'];
  const rppsBody = String(rppsBase + uniformInt(rng, 0, RPPS_STRIDE - 1));
  const person: Person = {
    rpps: rppsBody + luhnKey(rppsBody), title, civility, lastName, firstName, profession, category, savoirFaire, caseStyle, sites: [],
  };
  // About one person in three has no practice address at all.
  if (uniformInt(rng, 0, 2) === 0) return person;
  const siteDraw = uniformInt(rng, 0, 999);
  const count = siteDraw < 900 ? 1 : siteDraw < 980 ? 2 : 3;
  const home = pickWeighted(rng, world.cumulative);
  for (let s = 0; s < count; s++) {
    let site = generateSite(world, rng, person, structureBase + s, s === 0 ? home : nearby(world, rng, home));
    // Two sites of one person never share a structure (two hospital posts could draw the same one).
    while (person.sites.some((other) => other.structureId === site.structureId)) site = generateSite(world, rng, person, structureBase + s, nearby(world, rng, home));
    person.sites.push(site);
  }
  if (chance(rng, 40)) {
    const site = pickOne(rng, person.sites);
    site.second = profession.code[0] === '10' && uniformInt(rng, 0, 2) > 0
      ? { savoirFaire: pickOne(rng, PHYSICIAN_SECOND_SAVOIR_FAIRE) }
      // Roles no first row has, so that the two rows always differ.
      : { role: site.mode[0] !== 'L' ? ROLE.substitute : pickOne<Pair>(rng, profession.code[0] === '10' ? [ROLE.outOfHours, ROLE.regulator] : [ROLE.outOfHours, ROLE.substitute]) };
  }
  return person;
}

function toSurname(rng: RandomGenerator): string {
  const draw = uniformInt(rng, 0, 99);
  if (draw < 12) return pickOne(rng, MARKED_SURNAMES);
  if (draw < 18) return `${pickOne(rng, SURNAMES)}-${pickOne(rng, SURNAMES)}`;
  return pickOne(rng, SURNAMES);
}

function styleName(name: string, style: CaseStyle): string {
  if (style === 'upper') return name.toUpperCase();
  if (style === 'upper-plain') return stripAccents(name).toUpperCase();
  return name.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}

function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '');
}

function generateSite(world: World, rng: RandomGenerator, person: Person, structureNumber: number, communeIndex: number): Site {
  const profession = person.profession;
  const pharmacist = profession.code[0] === '21';
  const modeDraw = uniformInt(rng, 0, 999);
  const liberal = modeDraw < profession.liberalPermille;
  const volunteer = !liberal && modeDraw > 996;
  const mode: Pair = liberal ? ['L', 'Libéral'] : volunteer ? ['B', 'Bénévole'] : ['S', 'Salarié'];
  const genre = volunteer && chance(rng, 300) ? GENRE_NON_CARE : chance(rng, 40) ? GENRE_SUBSTITUTE : GENRE_CARE;
  const withRole = chance(rng, 800);
  const commune = placeAt(world, communeIndex);

  if (!liberal && uniformInt(rng, 0, 99) < 70) {
    // A hospital or clinic, shared by everyone drawn to it: one of the three of a town.
    const townIndex = world.towns.indexes[pickWeighted(rng, world.towns.cumulative)] as number;
    const hospital = hospitalOf(world, townIndex * 4 + uniformInt(rng, 0, 2), townIndex);
    return {
      mode, siret: hospital.siret, siren: hospital.siren, finessSite: hospital.finessSite, finessEj: hospital.finessEj,
      structureId: `F${hospital.finessSite}`, name: hospital.name, brand: '', address: hospital.address, contacts: hospital.contacts,
      formerId: `1${hospital.finessSite}`, sector: hospital.sector,
      section: pharmacist ? PHARMACY_SECTION.hospital : PHARMACY_SECTION.none,
      role: withRole ? ROLE.employee : ROLE.none, genre,
    };
  }

  const company = pharmacist || profession.code[0] === '28' || profession.code[0] === '26' || !liberal || uniformInt(rng, 0, 99) < 25;
  // Individual practices abroad: about 0.5% of all sited rows.
  const foreign = !company && chance(rng, 18);
  const address = foreign ? foreignAddress(rng) : frenchAddress(world, rng, commune, false);
  const contacts = toContacts(rng, foreign ? '' : commune.department, person, liberal);
  if (company) {
    const siren = toSiren(rng, false);
    const siret = toSiret(rng, siren);
    const healthCentre = !liberal && !pharmacist;
    const name = healthCentre ? `CENTRE DE SANTE ${toPostalCity(commune.name)}` : companyName(rng, person);
    const brand = (pharmacist || profession.code[0] === '28' || profession.code[0] === '26') && chance(rng, 500)
      ? `${tradeOf(profession.code[0])} ${pickOne(rng, GROUP_NAMES)}` : '';
    return {
      mode, siret, siren: chance(rng, 700) ? siren : '', finessSite: '', finessEj: '', structureId: `C${siret}`, name, brand,
      address, contacts, formerId: chance(rng, 300) ? `3${siret}` : '',
      sector: healthCentre ? SECTOR.healthCentre : SECTOR.company,
      section: pharmacist ? (liberal ? PHARMACY_SECTION.holder : PHARMACY_SECTION.deputy) : PHARMACY_SECTION.none,
      role: !withRole ? ROLE.none : pharmacist ? (liberal ? ROLE.pharmacyHolder : ROLE.deputy) : liberal ? ROLE.partner : ROLE.employee,
      genre,
    };
  }
  const group = uniformInt(rng, 0, 99) < 35;
  const siret = chance(rng, 250) ? toSiret(rng, toSiren(rng, false)) : '';
  return {
    mode, siret, siren: '', finessSite: '', finessEj: '', structureId: `R1${String(structureNumber).padStart(10, '0')}`,
    name: group ? groupPracticeName(rng, commune) : soloPracticeName(rng, person), brand: '', address, contacts,
    formerId: '', sector: group ? SECTOR.groupPractice : SECTOR.soloPractice, section: PHARMACY_SECTION.none,
    role: !withRole ? ROLE.none : uniformInt(rng, 0, 9) === 0 ? ROLE.associate : ROLE.holder, genre,
  };
}

function tradeOf(professionCode: string): string {
  return professionCode === '21' ? 'PHARMACIE' : professionCode === '28' ? 'OPTIQUE' : 'AUDITION';
}

function companyName(rng: RandomGenerator, person: Person): string {
  const surname = stripAccents(person.lastName).toUpperCase();
  const code = person.profession.code[0];
  if (code === '21' || code === '28' || code === '26') {
    return uniformInt(rng, 0, 1) === 0 ? `${tradeOf(code)} ${surname}` : `${tradeOf(code)} ${pickOne(rng, GROUP_NAMES)}`;
  }
  const form = pickOne(rng, ['SELARL', 'SCP', 'SCM', 'SELAS', 'SELARL']);
  return form === 'SCP' ? `SCP ${surname} ET ${pickOne(rng, SURNAMES)}` : form === 'SCM' ? `SCM ${pickOne(rng, GROUP_NAMES)}` : `${form} ${surname}`;
}

function soloPracticeName(rng: RandomGenerator, person: Person): string {
  const draw = uniformInt(rng, 0, 99);
  const surname = stripAccents(person.lastName).toUpperCase();
  if (draw < 35) return '';
  if (draw < 60 && person.title[0] !== '') return `CABINET DU DR ${surname}`;
  if (draw < 80) return `CABINET ${surname} ${stripAccents(person.firstName).toUpperCase()}`;
  return `CABINET ${surname}`;
}

function groupPracticeName(rng: RandomGenerator, commune: GazetteerCommune): string {
  const draw = uniformInt(rng, 0, 99);
  // The file has no quoting: a `"` is an ordinary character.
  if (draw < 5) return `CABINET "LES ${pickOne(rng, ['TILLEULS', 'PLATANES', 'ACACIAS', 'GLYCINES'])}"`;
  if (draw < 30) return `MAISON DE SANTE PLURIPROFESSIONNELLE DE ${toPostalCity(commune.name)}`;
  if (draw < 60) return `CABINET MEDICAL ${pickOne(rng, GROUP_NAMES)}`;
  if (draw < 80) return `CABINET PARAMEDICAL ${pickOne(rng, GROUP_NAMES)}`;
  return `POLE SANTE ${pickOne(rng, GROUP_NAMES)}`;
}

function toSiren(rng: RandomGenerator, publicBody: boolean): string {
  const body = publicBody ? `26${digits(rng, 6)}` : `${uniformInt(rng, 3, 9)}${digits(rng, 7)}`;
  return body + luhnKey(body);
}

function toSiret(rng: RandomGenerator, siren: string): string {
  const body = `${siren}000${uniformInt(rng, 1, 9)}`;
  return body + luhnKey(body);
}

function toFiness(rng: RandomGenerator, department: string): string {
  return `${department.slice(0, 2)}${department.length === 3 ? digits(rng, 7) : `0${digits(rng, 6)}`}`;
}

/** A town's hospital k: drawn from its own generator, so everyone who works there sees the same site. */
function hospitalOf(world: World, key: number, townIndex: number): Hospital {
  const cached = world.hospitals.get(key);
  if (cached !== undefined) return cached;
  const rng = rngFor(world.seed, key, STREAM_HOSPITAL);
  const town = placeAt(world, townIndex);
  const city = toPostalCity(town.name);
  const kind = uniformInt(rng, 0, 99);
  const sector = kind < 60 ? SECTOR.publicHospital : kind < 72 ? SECTOR.psph : SECTOR.privateHospital;
  const name = sector === SECTOR.publicHospital
    ? (town.population > 150_000 && key % 4 === 0 ? `CHU DE ${city}` : pickOne(rng, [`CH DE ${city}`, `CENTRE HOSPITALIER DE ${city}`, `CHI ${city}`]))
    : sector === SECTOR.psph ? pickOne(rng, [`HOPITAL PRIVE ${pickOne(rng, CLINIC_NAMES)}`, `GROUPE HOSPITALIER MUTUALISTE DE ${city}`])
      : `CLINIQUE ${pickOne(rng, CLINIC_NAMES)}`;
  const siren = toSiren(rng, sector === SECTOR.publicHospital);
  const slug = stripAccents(city).toLowerCase().replace(/[^a-z]+/g, '-');
  const hospital: Hospital = {
    siret: toSiret(rng, siren), siren: chance(rng, 300) ? siren : '',
    finessSite: toFiness(rng, town.department), finessEj: toFiness(rng, town.department),
    name, sector, address: frenchAddress(world, rng, town, true),
    contacts: {
      phone: formatPhone(rng, toPhone(rng, town.department)), phone2: '',
      fax: chance(rng, 700) ? formatPhone(rng, toPhone(rng, town.department)) : '',
      email: chance(rng, 500) ? `contact@${sector === SECTOR.publicHospital ? 'ch' : 'clinique'}-${slug}.fr` : '',
    },
  };
  world.hospitals.set(key, hospital);
  return hospital;
}

/** The registry's spelling of a commune: COG names, arrondissements with a double space (`Paris 12e  Arrondissement`). */
function communeLabel(commune: GazetteerCommune): string {
  return commune.name.replace(/ (\d+(?:er|e)) Arrondissement$/, ' $1  Arrondissement');
}

function streetLabel(name: string): string {
  return stripAccents(name).toUpperCase().replace(/’/g, "'");
}

function frenchAddress(world: World, rng: RandomGenerator, commune: GazetteerCommune, hospital: boolean): Address {
  const numberDraw = uniformInt(rng, 0, 999);
  const streetNumber = uniformInt(rng, 1, hospital ? 60 : 180);
  const number = numberDraw < 60 ? '' : numberDraw < 80 ? `${streetNumber}${pickOne(rng, ['B', 'A', 'C', 'BIS'])}` : String(streetNumber);
  const repetition = number !== '' && !/[A-Z]$/.test(number) && chance(rng, 40) ? pickOne(rng, ['B', 'BIS', 'T', 'TER']) : '';
  const typeDraw = uniformInt(rng, 0, 999);
  const streetName = streetLabel(pickOne(rng, STREET_NAMES));
  const typeWord = pickOne(rng, STREET_TYPES);
  const streetType: Pair = typeDraw < 40 ? ['', ''] : typeDraw < 55 ? FAUBOURG : (STREET_TYPE_CODES[typeWord] ?? ['R', 'Rue']);
  // Some rows carry the street type inside the label instead of the type columns.
  const street = typeDraw < 40 ? `${streetLabel(typeWord)} ${streetName}` : streetName;
  const city = toPostalCity(commune.name);
  const postcode = pickOne(rng, commune.postcodes);
  const cedexDraw = uniformInt(rng, 0, 999);
  const cedex = hospital ? cedexDraw < 250 : cedexDraw < 40;
  // About 2% of all sited rows (hospitals, ~40% of them, never): a CEDEX postcode and the distribution line only, no commune code.
  const cedexOnly = !hospital && cedexDraw < 35;
  let bureau = '';
  let mention = '';
  let rowPostcode = postcode;
  if (cedex) {
    rowPostcode = cedexPostcode(world, rng, postcode);
    const arrondissement = /^(?:Paris|Lyon|Marseille) (\d+)/.exec(commune.name)?.[1];
    bureau = `${rowPostcode} ${city} CEDEX${arrondissement !== undefined ? ` ${arrondissement}` : chance(rng, 200) ? ` ${uniformInt(rng, 1, 9)}` : ''}`;
    mention = chance(rng, 700) ? `${pickOne(rng, ['CS', 'BP', 'CS', 'TSA'])} ${uniformInt(rng, 1, 9)}${digits(rng, 4)}` : '';
  } else if (chance(rng, 400)) {
    bureau = `${postcode} ${city}`;
  }
  const emptyPostcode = !cedex && chance(rng, 5);
  const withDepartment = chance(rng, 150);
  return {
    complementDestinataire: chance(rng, hospital ? 300 : 60) ? pickOne(rng, COMPLEMENTS_DESTINATAIRE) : '',
    complementGeo: chance(rng, 60) ? pickOne(rng, COMPLEMENTS_GEO) : '',
    number, repetition, streetType, street, mention, bureau,
    postcode: emptyPostcode ? '' : rowPostcode,
    commune: cedexOnly ? ['', uniformInt(rng, 0, 1) === 0 ? '' : communeLabel(commune)] : [commune.code, chance(rng, 3) ? '' : communeLabel(commune)],
    country: ['', ''],
    department: withDepartment ? [commune.department, DEPARTMENT_NAMES.get(commune.department) ?? ''] : ['', ''],
  };
}

/** A CEDEX postcode near the commune's (`78000` → `78009`) that no commune carries. */
function cedexPostcode(world: World, rng: RandomGenerator, postcode: string): string {
  for (let attempt = 0; attempt < 12; attempt++) {
    const candidate = `${postcode.slice(0, attempt < 8 ? 3 : 2)}${digits(rng, attempt < 8 ? 2 : 3)}`;
    if (!world.postcodes.has(candidate)) return candidate;
  }
  return `${postcode.slice(0, 2)}999`;
}

function foreignAddress(rng: RandomGenerator): Address {
  const place = pickOne(rng, FOREIGN_PLACES);
  return {
    complementDestinataire: '', complementGeo: '', number: String(uniformInt(rng, 1, 120)), repetition: '', streetType: ['', ''],
    street: place.street, mention: '', bureau: '', postcode: uniformInt(rng, 0, 1) === 0 ? place.postcode : '',
    commune: ['', uniformInt(rng, 0, 2) === 0 ? '' : place.city], country: place.country, department: ['', ''],
  };
}

function toContacts(rng: RandomGenerator, department: string, person: Person, liberal: boolean): Contacts {
  if (department === '') {
    const place = chance(rng, 500) ? pickOne(rng, FOREIGN_PLACES).phone : '';
    return { phone: place, phone2: '', fax: '', email: '' };
  }
  const mobileFirst = liberal && ['60', '70', '50'].includes(person.profession.code[0]) && chance(rng, 300);
  const phone = chance(rng, 250) ? '' : formatPhone(rng, mobileFirst ? toMobile(rng) : toPhone(rng, department));
  const phone2 = chance(rng, 50) ? formatPhone(rng, toMobile(rng)) : '';
  const fax = chance(rng, 120) ? formatPhone(rng, toPhone(rng, department)) : '';
  const email = chance(rng, 120) ? toEmail(rng, person) : '';
  return { phone, phone2, fax, email };
}

function toMobile(rng: RandomGenerator): string {
  return `0${uniformInt(rng, 6, 7)}${digits(rng, 8)}`;
}

/** `0148237096`, `01 48 23 70 96` or `01.48.23.70.96`, from any of them. */
function formatPhone(rng: RandomGenerator, phone: string): string {
  const compact = phone.replace(/\D/g, '');
  const draw = uniformInt(rng, 0, 99);
  if (draw < 55) return compact;
  const pairs = compact.replace(/(\d\d)(?=\d)/g, '$1 ');
  return draw < 93 ? pairs : pairs.replace(/ /g, '.');
}

function toEmail(rng: RandomGenerator, person: Person): string {
  const ascii = (s: string) => stripAccents(s).toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '');
  return `${ascii(person.firstName)}.${ascii(person.lastName)}${uniformInt(rng, 0, 3) === 0 ? uniformInt(rng, 1, 99) : ''}@${pickOne(rng, EMAIL_DOMAINS)}`;
}

// ---------------------------------------------------------------------------------------------
// Day two.

/**
 * Alters a day-one person for the next day's file with the change generator; false when the
 * person is gone. Roughly equal thirds: new address or phone at the same structure (a name
 * change for someone without a site), removal, move to a new structure (a first site for
 * someone without one).
 */
function applyChange(world: World, rng: RandomGenerator, person: Person, structureBase: number): boolean {
  const kind = uniformInt(rng, 0, 2);
  if (kind === 1) return false;
  const first = person.sites[0];
  if (kind === 0) {
    if (first === undefined) {
      person.lastName = `${person.lastName}-${styleName(pickOne(rng, SURNAMES), person.caseStyle === 'mixed' ? 'mixed' : 'upper')}`;
      return true;
    }
    if (first.address.country[0] !== '') {
      // Abroad: the street number changes.
      let address = foreignAddress(rng);
      while (address.number === first.address.number) address = foreignAddress(rng);
      first.address = address;
      return true;
    }
    // A hospital keeps its address (its other staff see it too): only the person's line changes.
    if (!first.structureId.startsWith('F') && uniformInt(rng, 0, 1) === 0) {
      const commune = world.byCode.get(first.address.commune[0]) ?? placeAt(world, pickWeighted(rng, world.cumulative));
      first.address = frenchAddress(world, rng, commune, false);
    }
    const department = first.address.department[0] || departmentOf(world, first.address.commune[0]) || '75';
    let phone = formatPhone(rng, toPhone(rng, department));
    while (phone === first.contacts.phone) phone = formatPhone(rng, toPhone(rng, department));
    first.contacts = { ...first.contacts, phone };
    return true;
  }
  let site = generateSite(world, rng, person, structureBase + MOVE_SLOT, pickWeighted(rng, world.cumulative));
  // A move to a structure the person already works at would be no move.
  while (person.sites.some((other) => other.structureId === site.structureId)) {
    site = generateSite(world, rng, person, structureBase + MOVE_SLOT, pickWeighted(rng, world.cumulative));
  }
  person.sites = [site, ...person.sites.slice(1)];
  return true;
}

function departmentOf(world: World, communeCode: string): string {
  if (communeCode === '') return '';
  return world.byCode.get(communeCode)?.department ?? '';
}

// ---------------------------------------------------------------------------------------------
// Rows.

function rowCount(person: Person): number {
  if (person.sites.length === 0) return 1;
  return person.sites.reduce((n, site) => n + (site.second === undefined ? 1 : 2), 0);
}

function personColumns(person: Person): string {
  const p = person.profession;
  return [
    '8', person.rpps, `8${person.rpps}`, person.title[0], person.title[1], person.civility[0], person.civility[1],
    person.lastName, person.firstName, p.code[0], p.code[1], person.category[0], person.category[1],
  ].join('|');
}

function savoirFaireColumns(sf: SavoirFaire): string {
  return `${sf.type[0]}|${sf.type[1]}|${sf.code[0]}|${sf.code[1]}`;
}

function siteColumns(site: Site): string {
  const a = site.address;
  const c = site.contacts;
  return [
    site.siret, site.siren, site.finessSite, site.finessEj, site.structureId, site.name, site.brand,
    a.complementDestinataire, a.complementGeo, a.number, a.repetition, a.streetType[0], a.streetType[1], a.street, a.mention,
    a.bureau, a.postcode, a.commune[0], a.commune[1], a.country[0], a.country[1],
    c.phone, c.phone2, c.fax, c.email, a.department[0], a.department[1], site.formerId,
  ].join('|');
}

const EMPTY_SITE = '|'.repeat(27);

function toLines(person: Person): string {
  const head = personColumns(person);
  const authority = person.profession.authority;
  const sf = savoirFaireColumns(person.savoirFaire);
  if (person.sites.length === 0) return `${head}|${sf}|||${EMPTY_SITE}|${authority}|||||||||\n`;
  let lines = '';
  for (const site of person.sites) {
    const where = `${site.mode[0]}|${site.mode[1]}|${siteColumns(site)}|${authority}|${site.sector[0]}|${site.sector[1]}|${site.section[0]}|${site.section[1]}`;
    lines += `${head}|${sf}|${where}|${site.role[0]}|${site.role[1]}|${site.genre[0]}|${site.genre[1]}|\n`;
    if (site.second !== undefined) {
      const role = site.second.role ?? site.role;
      lines += `${head}|${savoirFaireColumns(site.second.savoirFaire ?? person.savoirFaire)}|${where}|${role[0]}|${role[1]}|${site.genre[0]}|${site.genre[1]}|\n`;
    }
  }
  return lines;
}

/** Gathers text into ~1 MB chunks and writes them, waiting for `drain` when the stream asks. */
class ChunkedWriter {
  private readonly stream: WriteStream;
  private pending: string[] = [];
  private pendingLength = 0;
  private bytes = 0;
  private failure: Error | undefined;

  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.stream.on('error', (error) => { this.failure = error; });
  }

  /** Queues text; true when a chunk is full and `flush` should be awaited. */
  push(text: string): boolean {
    this.pending.push(text);
    this.pendingLength += text.length;
    return this.pendingLength >= CHUNK_CHARS;
  }

  async flush(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    this.bytes += Buffer.byteLength(chunk, 'utf8');
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  destroy(): void {
    this.stream.destroy();
  }

  /** Writes what is left, ends the stream and returns the bytes written. */
  async close(): Promise<number> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    return this.bytes;
  }
}

const CHUNK_CHARS = 1 << 20;
