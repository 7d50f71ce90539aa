/**
 * The regions of France and the region of each of its 101 departments, by INSEE code: copied
 * from @etalab/decoupage-administratif 6.0.0 (data/regions.json and data/departements.json,
 * Licence Ouverte 2.0, from INSEE's Code officiel géographique), so that nothing reads a
 * package's data at run time. Regions change rarely (last in 2016): a change is an edit here.
 */
export const REGIONS: Readonly<Record<string, string>> = {
  '01': 'Guadeloupe',
  '02': 'Martinique',
  '03': 'Guyane',
  '04': 'La Réunion',
  '06': 'Mayotte',
  '11': 'Île-de-France',
  '24': 'Centre-Val de Loire',
  '27': 'Bourgogne-Franche-Comté',
  '28': 'Normandie',
  '32': 'Hauts-de-France',
  '44': 'Grand Est',
  '52': 'Pays de la Loire',
  '53': 'Bretagne',
  '75': 'Nouvelle-Aquitaine',
  '76': 'Occitanie',
  '84': 'Auvergne-Rhône-Alpes',
  '93': "Provence-Alpes-Côte d'Azur",
  '94': 'Corse',
};

/** Department code → region code. */
export const REGION_OF_DEPARTMENT: Readonly<Record<string, string>> = {
  '01': '84', '02': '32', '03': '84', '04': '93', '05': '93', '06': '93', '07': '84', '08': '44',
  '09': '76', '10': '44', '11': '76', '12': '76', '13': '93', '14': '28', '15': '84', '16': '75',
  '17': '75', '18': '24', '19': '75', '21': '27', '22': '53', '23': '75', '24': '75', '25': '27',
  '26': '84', '27': '28', '28': '24', '29': '53', '2A': '94', '2B': '94', '30': '76', '31': '76',
  '32': '76', '33': '75', '34': '76', '35': '53', '36': '24', '37': '24', '38': '84', '39': '27',
  '40': '75', '41': '24', '42': '84', '43': '84', '44': '52', '45': '24', '46': '76', '47': '75',
  '48': '76', '49': '52', '50': '28', '51': '44', '52': '44', '53': '52', '54': '44', '55': '44',
  '56': '53', '57': '44', '58': '27', '59': '32', '60': '32', '61': '28', '62': '32', '63': '84',
  '64': '75', '65': '76', '66': '76', '67': '44', '68': '44', '69': '84', '70': '27', '71': '27',
  '72': '52', '73': '84', '74': '84', '75': '11', '76': '28', '77': '11', '78': '11', '79': '75',
  '80': '32', '81': '76', '82': '76', '83': '93', '84': '93', '85': '52', '86': '75', '87': '75',
  '88': '44', '89': '27', '90': '27', '91': '11', '92': '11', '93': '11', '94': '11', '95': '11',
  '971': '01', '972': '02', '973': '03', '974': '04', '976': '06',
};
