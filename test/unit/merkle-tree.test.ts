import { expect } from 'chai';
import fc from 'fast-check';
import {
  appendLeaves, consistencyProof, EMPTY_ROOT, inclusionProof, leafHash, memoryHashReader, treeRoot, verifyConsistency, verifyInclusion,
  type Hash, type HashReader,
} from '../../src/domain/transparency/merkle-tree.js';

/**
 * Known answers: the eight leaves of Certificate Transparency's own test suite
 * (certificate-transparency, cpp/merkletree/merkle_tree_test.cc; the same leaves as Go's
 * golang.org/x/mod/sumdb/tlog tests and the RFC 6962 reference), whose roots are published
 * there. Every hash below was recomputed independently of this code by a few lines of Python
 * (hashlib) written from RFC 9162 §2.1's recursive definitions of MTH, PATH and SUBPROOF.
 */
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((hex) => Buffer.from(hex, 'hex'));
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const INCLUSION: [string, { index: number; size: number; want: string[] }][] = [
  ['only leaf', { index: 0, size: 1, want: [] }],
  ['first of 8', { index: 0, size: 8, want: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] }],
  ['sixth of 8', { index: 5, size: 8, want: ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] }],
  ['last of 3', { index: 2, size: 3, want: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] }],
  ['second of 5', { index: 1, size: 5, want: ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] }],
];
const CONSISTENCY: [string, { first: number; second: number; want: string[] }][] = [
  ['same size', { first: 1, second: 1, want: [] }],
  ['1 to 8', { first: 1, second: 8, want: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] }],
  ['6 to 8', { first: 6, second: 8, want: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] }],
  ['2 to 5', { first: 2, second: 5, want: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] }],
  ['3 to 7', { first: 3, second: 7, want: ['0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7', '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7', 'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125', '837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e'] }],
  ['4 to 7', { first: 4, second: 7, want: ['837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e'] }],
];

const hex = (hashes: readonly Hash[]) => hashes.map((hash) => hash.toString('hex'));
const ctReader = memoryHashReader(LEAVES.map(leafHash));
const leavesOf = (size: number) => Array.from({ length: size }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));

/** A reader that counts its reads, to show a proof never walks the whole log. */
function countingReader(read: HashReader): { read: HashReader; reads: () => number } {
  let reads = 0;
  return { read: (level, index) => ((reads += 1), read(level, index)), reads: () => reads };
}

describe('Merkle tree (RFC 9162 §2.1)', () => {
  it('when the tree holds the first n of the CT test leaves, then its root is the published one, for n from 0 to 8', () => {
    ROOTS.forEach((root, size) => {
      expect(treeRoot(memoryHashReader(LEAVES.slice(0, size).map(leafHash)), size).toString('hex'), `size ${size}`).to.equal(root);
    });
    expect(EMPTY_ROOT.toString('hex')).to.equal(ROOTS[0]);
  });

  for (const [name, { index, size, want }] of INCLUSION) {
    it(`when proving leaf ${index} in ${size} (${name}), then the audit path is the known one and verifies`, () => {
      const proof = inclusionProof(ctReader, index, size);
      expect(hex(proof)).to.deep.equal(want);
      expect(verifyInclusion(leafHash(LEAVES[index] as Buffer), index, size, proof, Buffer.from(ROOTS[size] as string, 'hex'))).to.equal(true);
    });
  }

  for (const [name, { first, second, want }] of CONSISTENCY) {
    it(`when proving ${first} → ${second} (${name}), then the proof is the known one and verifies`, () => {
      const proof = consistencyProof(ctReader, first, second);
      expect(hex(proof)).to.deep.equal(want);
      const [firstRoot, secondRoot] = [ROOTS[first], ROOTS[second]].map((root) => Buffer.from(root as string, 'hex')) as [Buffer, Buffer];
      expect(verifyConsistency(first, second, firstRoot, secondRoot, proof)).to.equal(true);
    });
  }

  it('when leaves are appended in batches, then the stored subtrees give the same roots as a tree built at once', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 6 }), (batches) => {
      const all = leavesOf(batches.reduce((a, b) => a + b, 0));
      const stored = new Map<string, Hash>();
      const read: HashReader = (level, index) => stored.get(`${level}/${index}`) as Hash;
      let size = 0;
      for (const batch of batches) {
        for (const node of appendLeaves(read, size, all.slice(size, size + batch))) stored.set(`${node.level}/${node.index}`, node.hash);
        size += batch;
        expect(treeRoot(read, size).equals(treeRoot(memoryHashReader(all.slice(0, size)), size))).to.equal(true);
      }
    }));
  });

  it('when any leaf of any tree up to 300 is proved, then the proof verifies, and fails with another leaf, index or root, or a changed, missing or extra hash', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }).chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 }))), ([size, index]) => {
      const leaves = leavesOf(size);
      const read = memoryHashReader(leaves);
      const root = treeRoot(read, size);
      const proof = inclusionProof(read, index, size);
      const leaf = leaves[index] as Hash;
      expect(verifyInclusion(leaf, index, size, proof, root)).to.equal(true);
      expect(verifyInclusion(leafHash(Buffer.from('other')), index, size, proof, root)).to.equal(false);
      if (size > 1) expect(verifyInclusion(leaf, (index + 1) % size, size, proof, root)).to.equal(false);
      expect(verifyInclusion(leaf, index, size, proof, leafHash(Buffer.from('root')))).to.equal(false);
      if (proof.length > 0) {
        const tampered = proof.map((hash, i) => (i === 0 ? leafHash(hash) : hash));
        expect(verifyInclusion(leaf, index, size, tampered, root)).to.equal(false);
        expect(verifyInclusion(leaf, index, size, proof.slice(1), root)).to.equal(false);
      }
      expect(verifyInclusion(leaf, index, size, [...proof, root], root)).to.equal(false);
    }));
  });

  it('when any two sizes up to 300 are proved consistent, then the proof verifies, and fails for a forked tree, sizes swapped or a changed hash', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }).chain((second) => fc.tuple(fc.integer({ min: 1, max: second }), fc.constant(second))), ([first, second]) => {
      const leaves = leavesOf(second);
      const read = memoryHashReader(leaves);
      const firstRoot = treeRoot(read, first);
      const secondRoot = treeRoot(read, second);
      const proof = consistencyProof(read, first, second);
      expect(verifyConsistency(first, second, firstRoot, secondRoot, proof)).to.equal(true);
      // A fork: the same size, one entry replaced.
      const forked = [...leaves];
      forked[first - 1] = leafHash(Buffer.from('rewritten'));
      expect(verifyConsistency(first, second, firstRoot, treeRoot(memoryHashReader(forked), second), proof)).to.equal(false);
      expect(verifyConsistency(second, first, secondRoot, firstRoot, proof)).to.equal(first === second);
      if (first < second) {
        const tampered = proof.map((hash, i) => (i === proof.length - 1 ? leafHash(hash) : hash));
        expect(verifyConsistency(first, second, firstRoot, secondRoot, tampered)).to.equal(false);
      }
    }));
  });

  it('when proving in a tree of a million leaves, then a proof reads a few dozen stored subtrees, not the log', () => {
    const size = 1_000_000;
    // Any 32 bytes do for every stored subtree: only the number of reads is measured here.
    const counter = countingReader(() => EMPTY_ROOT);
    inclusionProof(counter.read, 123_457, size);
    consistencyProof(counter.read, 654_321, size);
    expect(counter.reads()).to.be.below(200);
  });

  it('when asked for a leaf outside the tree or sizes going back, then it refuses', () => {
    expect(() => inclusionProof(ctReader, 8, 8)).to.throw(RangeError);
    expect(() => consistencyProof(ctReader, 5, 4)).to.throw(RangeError);
    expect(verifyInclusion(EMPTY_ROOT, 3, 3, [], EMPTY_ROOT)).to.equal(false);
  });
});
