/**
 * The department of an INSEE commune code: its first two characters (2A and 2B for Corsica),
 * three for the overseas departments (971 to 976).
 */
export function departmentOfCommune(communeCode: string): string {
  return communeCode.startsWith('97') ? communeCode.slice(0, 3) : communeCode.slice(0, 2);
}

/**
 * The department a postcode is in, by La Poste's numbering: two digits, three overseas; in
 * Corsica 200xx and 201xx are Corse-du-Sud (2A), the rest Haute-Corse (2B). A few communes near a
 * border are served from a neighbouring department's post office; the commune code is exact.
 */
export function departmentOfPostcode(postcode: string): string {
  if (postcode.startsWith('97') || postcode.startsWith('98')) return postcode.slice(0, 3);
  if (postcode.startsWith('20')) return Number(postcode) < 20200 ? '2A' : '2B';
  return postcode.slice(0, 2);
}
