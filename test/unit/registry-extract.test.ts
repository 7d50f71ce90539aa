import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { REGISTRY_HEADER, writeRegistryExtract, type RegistryExtractSummary } from '../../bench/registry-extract.js';
import type { Gazetteer } from '../../src/domain/geo/gazetteer.js';
import { DEFAULT_GAZETTEER_PATH, loadGazetteer } from '../../src/storage/gazetteer-file.js';

/** Copied from shared/formats/rpps-extract.md ("The header (56 columns, verbatim, with its trailing separator)"). */
const DOC_HEADER = "Type d'identifiant PP|Identifiant PP|Identification nationale PP|Code civilité d'exercice|Libellé civilité d'exercice|Code civilité|Libellé civilité|Nom d'exercice|Prénom d'exercice|Code profession|Libellé profession|Code catégorie professionnelle|Libellé catégorie professionnelle|Code type savoir-faire|Libellé type savoir-faire|Code savoir-faire|Libellé savoir-faire|Code mode exercice|Libellé mode exercice|Numéro SIRET site|Numéro SIREN site|Numéro FINESS site|Numéro FINESS établissement juridique|Identifiant technique de la structure|Raison sociale site|Enseigne commerciale site|Complément destinataire (coord. structure)|Complément point géographique (coord. structure)|Numéro Voie (coord. structure)|Indice répétition voie (coord. structure)|Code type de voie (coord. structure)|Libellé type de voie (coord. structure)|Libellé Voie (coord. structure)|Mention distribution (coord. structure)|Bureau cedex (coord. structure)|Code postal (coord. structure)|Code commune (coord. structure)|Libellé commune (coord. structure)|Code pays (coord. structure)|Libellé pays (coord. structure)|Téléphone (coord. structure)|Téléphone 2 (coord. structure)|Télécopie (coord. structure)|Adresse e-mail (coord. structure)|Code Département (structure)|Libellé Département (structure)|Ancien identifiant de la structure|Autorité d'enregistrement|Code secteur d'activité|Libellé secteur d'activité|Code section tableau pharmaciens|Libellé section tableau pharmaciens|Code rôle|Libellé rôle|Code genre activité|Libellé genre activité|";

const ROWS = 2000;
const SEED = 20261123;
/** 0-based column indexes. */
const NATIONAL_ID = 2;
const STRUCTURE_ID = 23;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let k = 0; k < digits.length; k++) {
    let d = Number(digits[digits.length - 1 - k]);
    if (k % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Each person's rows, in file order, keyed by national id. */
function rowsByPerson(lines: readonly string[]): Map<string, string[]> {
  const people = new Map<string, string[]>();
  for (const line of lines) {
    const id = line.split('|')[NATIONAL_ID] ?? '';
    people.set(id, [...(people.get(id) ?? []), line]);
  }
  return people;
}

describe('writeRegistryExtract (the synthetic registry extract for the import benchmark)', () => {
  let gazetteer: Gazetteer;
  let dir: string;
  let summary: RegistryExtractSummary;
  let text: string;
  let lines: string[];
  const write = async (name: string, options: { seed?: number; changedShare?: number } = {}) => {
    const path = join(dir, name);
    const result = await writeRegistryExtract(path, { rows: ROWS, seed: options.seed ?? SEED, gazetteer, ...(options.changedShare === undefined ? {} : { changedShare: options.changedShare }) });
    return { path, result, bytes: readFileSync(path) };
  };

  before(async () => {
    gazetteer = loadGazetteer(DEFAULT_GAZETTEER_PATH);
    dir = mkdtempSync(join(tmpdir(), 'registry-extract-test-'));
    const first = await write('day-one.txt');
    summary = first.result;
    text = first.bytes.toString('utf8');
    lines = text.split('\n').slice(1, -1);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('when written, then the header is the format doc\'s, verbatim, and every line ends with LF', () => {
    expect(REGISTRY_HEADER).to.equal(DOC_HEADER);
    expect(REGISTRY_HEADER.split('|')).to.have.length(57);
    expect(text.startsWith(`${DOC_HEADER}\n`)).to.equal(true);
    expect(text.endsWith('|\n')).to.equal(true);
    expect(text).to.not.include('\r');
  });

  it('when written, then every line has 56 fields and the trailing separator, and the summary counts them', () => {
    for (const line of lines) {
      const fields = line.split('|');
      expect(fields, line).to.have.length(57);
      expect(fields[56], line).to.equal('');
    }
    expect(summary.rows).to.equal(lines.length);
    expect(summary.people).to.equal(rowsByPerson(lines).size);
    expect(summary.bytes).to.equal(Buffer.byteLength(text));
  });

  it('when asked for about 2,000 rows, then it stops at the first person boundary at or after 2,000', () => {
    const people = [...rowsByPerson(lines).values()];
    expect(lines.length).to.be.at.least(ROWS);
    expect(lines.length - (people[people.length - 1]?.length ?? 0)).to.be.below(ROWS);
  });

  it('when written, then each person has one well-formed RPPS national id of their own, on contiguous rows', () => {
    const seen = new Set<string>();
    let previous = '';
    for (const line of lines) {
      const [type, rpps, id] = line.split('|');
      expect(type).to.equal('8');
      expect(id).to.match(/^8\d{11}$/);
      expect(id).to.equal(`8${rpps}`);
      expect(luhnValid(rpps ?? ''), rpps).to.equal(true);
      if (id !== previous) {
        expect(seen.has(id ?? ''), `${id} appears on separated rows`).to.equal(false);
        seen.add(id ?? '');
      }
      previous = id ?? '';
    }
  });

  it('when written, then about a third of people have no practice address and the rest a structure id per site', () => {
    const people = [...rowsByPerson(lines).values()];
    const unsited = people.filter((rows) => rows.every((r) => r.split('|')[STRUCTURE_ID] === ''));
    expect(unsited.length / people.length).to.be.within(0.27, 0.40);
    for (const line of lines) {
      const fields = line.split('|');
      const structureId = fields[STRUCTURE_ID] ?? '';
      if (structureId === '') expect(fields.slice(17, 47).every((f) => f === ''), line).to.equal(true);
      else expect(structureId).to.match(/^(R1\d{10}|F[0-9AB]{2}\d{7}|C\d{14})$/);
    }
  });

  it('when a person has two rows for one site, then they agree on every person and site column, and no two lines are identical', () => {
    let duplicates = 0;
    for (const rows of rowsByPerson(lines).values()) {
      const bySite = new Map<string, string[]>();
      for (const row of rows) {
        const fields = row.split('|');
        if (fields[STRUCTURE_ID] === '') continue;
        const key = fields[STRUCTURE_ID] ?? '';
        const sameSite = [...fields.slice(0, 13), ...fields.slice(17, 52)].join('|');
        const other = bySite.get(key);
        if (other === undefined) bySite.set(key, [sameSite]);
        else {
          duplicates++;
          expect(sameSite).to.equal(other[0]);
        }
      }
    }
    expect(duplicates).to.be.above(0);
    expect(new Set(lines).size, 'two identical lines').to.equal(lines.length);
  });

  it('when written twice with the same seed, then the bytes are the same; another seed gives another file', async () => {
    const again = await write('again.txt');
    const other = await write('other-seed.txt', { seed: SEED + 1 });
    const zeroChange = await write('zero-change.txt', { changedShare: 0 });
    expect(sha256(again.bytes)).to.equal(sha256(Buffer.from(text)));
    expect(sha256(zeroChange.bytes)).to.equal(sha256(Buffer.from(text)));
    expect(sha256(other.bytes)).to.not.equal(sha256(Buffer.from(text)));
  });

  it('when written as the next day\'s file, then about the changed share of people differ, and newcomers have unused ids', async () => {
    const share = 0.1;
    const dayTwo = await write('day-two.txt', { changedShare: share });
    const dayTwoLines = dayTwo.bytes.toString('utf8').split('\n').slice(1, -1);
    const before = rowsByPerson(lines);
    const after = rowsByPerson(dayTwoLines);
    let removed = 0;
    let altered = 0;
    for (const [id, rows] of before) {
      const now = after.get(id);
      if (now === undefined) removed++;
      else if (now.join('\n') !== rows.join('\n')) altered++;
    }
    const newcomers = [...after.keys()].filter((id) => !before.has(id)).length;
    const people = before.size;
    expect((removed + altered) / people).to.be.within(share * 0.7, share * 1.3);
    expect(removed / people).to.be.within(share / 3 * 0.5, share / 3 * 1.5);
    expect(newcomers).to.equal(Math.round((people * share) / 3));
    expect(dayTwo.result.people).to.equal(after.size);
    for (const line of dayTwoLines) expect(line.split('|')).to.have.length(57);
  });
});
